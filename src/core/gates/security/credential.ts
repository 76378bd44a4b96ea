import type { RawFinding } from '../finding.js';
import { isReference } from '../secrets/generic.js';
import { isPlaceholder, isPublicSample } from '../secrets/placeholder.js';
import { findSecrets } from '../secrets/scan.js';
import type { FindingCheck } from './refine.js';

// The hard-coded credential rules (`js-`/`py-hardcoded-credential`) match a literal by the
// name it is given; the value is judged here with the secrets gate's own logic. A
// placeholder (`'<CLIENT_SECRET>'`, `'${API_KEY}'`, `'test'`), a public sample, a reference
// (an environment variable's name, a URL, a file) or a label is no credential: not
// reported. A value with a live provider's exact shape keeps its severity even in a test.
// Anything else — a chosen password such as `'hunter22'` included — stays a finding.

const RULE = /^security\/(?:js|py)-hardcoded-credential$/;
// The names the rules look for (config/rules/*.yml), at the end of the name.
const NAME = /(?:passw(?:or)?d|passwd|pwd|secret|api_?key|access_?key|auth_?token|private_?key)$/i;
// `name = 'v'`, `name: 'v'`, `'name': 'v'`, `name: string = 'v'`, `name=r'v'`; not `==`/`=>`.
const ASSIGNED = /([A-Za-z_$][\w$]*)["']?[ \t]*(?::[ \t]*[A-Za-z_$][\w$.<>[\]|]*[ \t]*(?==))?(?:=(?![=>])|:)[ \t]*[rbuRBU]?(["'])([^"'\s]{4,})\2/g;
// `'AWS_CONTAINER_AUTHORIZATION_TOKEN'`: the name of an environment variable or constant.
const CONSTANT_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

const letters = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** `password: 'password'`, `apiKey: 'key'`, `ENV_TOKEN = 'APP_TOKEN'`: the value names the field. */
function isLabel(name: string, value: string): boolean {
  return CONSTANT_NAME.test(value) || letters(name).endsWith(letters(value));
}

function isCredential(name: string, value: string): boolean {
  return !(isPlaceholder(value) || isPublicSample(value) || isReference(value) || isLabel(name, value));
}

/** The literals on a finding's lines under a credential's name, as the rules match them. */
export function assignedLiterals(lines: string): Array<{ name: string; value: string }> {
  return [...lines.matchAll(ASSIGNED)].filter((match) => NAME.test(match[1]!)).map((match) => ({ name: match[1]!, value: match[3]! }));
}

export const credentialCheck: FindingCheck = (finding: RawFinding, lines: string) => {
  if (!RULE.test(finding.rule)) return undefined;
  const literals = assignedLiterals(lines);
  // Lines we cannot read as `name = 'value'` (a rule shape this does not know): as found.
  if (literals.length === 0) return undefined;
  const credentials = literals.filter(({ name, value }) => isCredential(name, value));
  if (credentials.length === 0) return 'drop';
  return credentials.some(({ value }) => findSecrets(value).some((hit) => hit.live)) ? 'keep' : undefined;
};
