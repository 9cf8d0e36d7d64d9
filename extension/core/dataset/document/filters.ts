// The editor's filters by id and by name, for the webview's select and the palette's quick pick.
// Browser-safe: the webview bundles this module (test/unit/layering.test.ts keeps Node out of it).
import type { Translate } from '../../l10n';
import type { FilterId } from './datasetView';

/** The filters the detectors compute (qualityFilters.ts): slow, so computed on the host with progress. */
export type QualityFilterId = 'nearDuplicate' | 'evaluationOverlap';

export function isQualityFilter(filter: string): filter is QualityFilterId {
  return filter === 'nearDuplicate' || filter === 'evaluationOverlap';
}

export const FILTERS: readonly FilterId[] = ['all', 'blank', 'duplicateQuestion', 'lengthOutlier', 'misfit', 'templateMarker', 'edited', 'nearDuplicate', 'evaluationOverlap'];

export function filterLabel(filter: FilterId, t: Translate): string {
  switch (filter) {
    case 'all':
      return t('All records');
    case 'blank':
      return t('Blank fields');
    case 'duplicateQuestion':
      return t('Duplicate questions');
    case 'lengthOutlier':
      return t('Length outliers');
    case 'misfit':
      return t('Records not fitting the layout');
    case 'templateMarker':
      return t('Records with template markers');
    case 'edited':
      return t('Edited records');
    case 'nearDuplicate':
      return t('Near duplicates');
    case 'evaluationOverlap':
      return t('Overlaps the evaluation set…');
  }
}
