import type { Severity } from '../../policy/schema.js';

// A secrets rule is data: the token's shape, the words that must occur in a file before
// the shape is even tried, what a placeholder of that shape looks like, and samples the
// rule's own unit test checks. One file per provider under rules/, one line in rules/index.ts.

export interface SecretRule {
  /** Rule id without the gate prefix: findings are `secrets/<id>`. */
  id: string;
  description: string;
  /**
   * The token's shape. The token is the named group `token` (else the whole match);
   * compiled once with the `g` flag and run over whole files, so it must not backtrack
   * badly: bounded repetitions, no nested quantifiers.
   */
  pattern?: RegExp;
  /**
   * For shapes a regex cannot hold alone (a PEM block and its body, a manifest's `data:`
   * map): every candidate in `text`, with its offset. Used instead of `pattern`.
   */
  find?: (text: string) => Iterable<Candidate>;
  /**
   * Lower-case words one of which must occur in the file before the pattern runs (the
   * prefilter). For prefixed tokens this is the prefix; for formats without a prefix,
   * the provider's name as it appears next to its keys.
   */
  keywords: readonly string[];
  /** Minimum Shannon entropy (bits per character) of the token's random part. */
  entropy?: number;
  /**
   * Characters at the start of the token that are fixed by the format (a prefix such as
   * `ghp_`): the placeholder and entropy checks look at what follows.
   */
  fixedPrefix?: RegExp;
  severity: Severity;
  /**
   * The provider's exact, unmistakable shape (a prefix and a fixed length, a checksum):
   * such a finding blocks even in docs, tests and examples. Formats recognised only by a
   * keyword nearby, or shapes shared with non-secrets, are not live.
   */
  live: boolean;
  /**
   * Which rule wins when two claim the same text (lower wins): 0 provider tokens
   * (default), 1 containers with their own shape (JWT, a Secret manifest, a Snowflake
   * URL), 2 generic carriers (a URL's password, a header, a curl flag). The name-based
   * generic rule comes last of all.
   */
  priority?: 0 | 1 | 2;
  /** Extra structural check, e.g. a checksum; false means "not this provider's token". */
  verify?: (token: string) => boolean;
  /** Extra placeholder shapes for this provider, tested against the whole token. */
  placeholders?: readonly RegExp[];
  /**
   * Samples for the rule's unit test, stored reversed so the repository holds no
   * secret-shaped literal at rest (see samples.ts).
   */
  samples: { positive: readonly string[]; negative: readonly string[] };
}

export interface Candidate {
  /** Offset of the token in the scanned text. */
  index: number;
  token: string;
}

export function defineRule(rule: SecretRule): SecretRule {
  return rule;
}

/**
 * A token recognised by the provider's name next to it (formats without a prefix):
 * `<name>…` then an assignment, a YAML/JSON key, a call's next argument or a header,
 * then the token. Case-insensitive; the name may be the start of a longer identifier
 * (`DATADOG_API_KEY`, `datadogApiKey`), and Go's `var x string =` fits too.
 */
export function keyed(name: string, token: string): RegExp {
  return new RegExp(
    String.raw`(?:${name})[\w.-]{0,30}\\?["']?[ \t]*(?:[A-Za-z_][\w.]{0,20}[ \t]*)?(?::=|=>|\?=|\.=|[:=,>])[ \t]*\\?["'\x60]?(?<token>${token})(?![A-Za-z0-9])`,
    'i',
  );
}
