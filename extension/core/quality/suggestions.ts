// A scan's findings as the flags the review store keeps: one suggested flag per answer and kind,
// signed by the detector and its version (`leakage@1`), its evidence the findings of that kind.
// Overlaps (not leaks) and contamination (a finding on a question) are never flags.
// Browser-safe.
import { FLAG_KINDS, type FlagKind } from '../review/types';
import { DETECTOR_VERSIONS, type DetectorName, type Finding, type Severity } from './finding';

export interface FlagSuggestion {
  answerId: number;
  kind: FlagKind;
  /** The detector and its version, as it signs its flags. */
  detector: string;
  evidence: SuggestionEvidence;
}

/** What a suggested flag's evidence holds: the detector, the worst severity, and the findings. */
export interface SuggestionEvidence {
  detector: DetectorName;
  version: string;
  severity: Severity;
  findings: Finding[];
}

const SEVERITY_ORDER: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

export function detectorSignature(detector: DetectorName): string {
  return `${detector}@${DETECTOR_VERSIONS[detector]}`;
}

/** Every detector that can suggest a flag, signed: a re-run replaces these detectors' earlier suggestions. */
export const SUGGESTING_DETECTORS: readonly string[] = (['leakage', 'repetition', 'endings'] as const).map(detectorSignature);

export function flagSuggestions(answerId: number, findings: readonly Finding[]): FlagSuggestion[] {
  const byKind = new Map<FlagKind, Finding[]>();
  for (const f of findings) {
    if (!(FLAG_KINDS as readonly string[]).includes(f.kind)) continue;
    const kind = f.kind as FlagKind;
    byKind.set(kind, [...(byKind.get(kind) ?? []), f]);
  }
  return Array.from(byKind, ([kind, fs]) => {
    const worst = fs.reduce((a, b) => (SEVERITY_ORDER[b.severity] > SEVERITY_ORDER[a.severity] ? b : a));
    return {
      answerId,
      kind,
      detector: detectorSignature(worst.detector),
      evidence: { detector: worst.detector, version: worst.version, severity: worst.severity, findings: fs },
    };
  });
}
