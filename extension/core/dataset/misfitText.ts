// The two phrases every record shape uses to say why a record does not fit ("missing 'output'",
// "'input' is not a string"), in the process's language. Browser-safe.
import { translate } from '../l10n';

export const missingKey = (key: string): string => translate("missing '{0}'", key);

export const notString = (key: string): string => translate("'{0}' is not a string", key);
