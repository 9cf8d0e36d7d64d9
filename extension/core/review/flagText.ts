// A flag kind in words, for the queue's reasons, the report and (later) the review panel: one
// place, so "leakage" reads the same everywhere. Browser-safe.

import type { Translate } from '../l10n';
import type { FlagKind } from './types';

/** A flag kind in words. */
export function flagKindText(kind: FlagKind, t: Translate): string {
  switch (kind) {
    case 'leakage': return t('training-data leak');
    case 'repetition': return t('repetition');
    case 'truncation': return t('cut off');
    case 'runon': return t('does not stop');
    case 'forgetting': return t('forgetting / off-domain');
    case 'citation': return t('wrong legal citation');
    case 'other': return t('other problem');
  }
}
