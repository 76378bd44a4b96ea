// Doctor checks are data: the CLI prints them, --json serialises them.

export interface DoctorCheck {
  /** Stable id, e.g. "ollama", "chat-model", "bubblewrap". */
  name: string;
  ok: boolean;
  /** A failed required check makes doctor exit 1; an optional one is only a warning. */
  required: boolean;
  /** What was found (a version, a path) or what went wrong. */
  detail: string;
  /** How to fix it; present when the check failed. */
  fix?: string;
}

export interface DoctorReport {
  /** Every required check passed. */
  ok: boolean;
  checks: DoctorCheck[];
}

export function pass(name: string, detail: string, required = true): DoctorCheck {
  return { name, ok: true, required, detail };
}

export function fail(name: string, detail: string, fix: string, required = true): DoctorCheck {
  return { name, ok: false, required, detail, fix };
}
