import { isPlaceholder } from '../placeholder.js';
import { defineRule, type Candidate } from '../rule.js';

// PuTTY's .ppk files (versions 2 and 3): the key material is the base64 after
// `Private-Lines: N`. A file whose private lines are a placeholder is not a key.

const HEADER = /PuTTY-User-Key-File-[23]: [\w.@-]+/g;

function* findKeys(text: string): Iterable<Candidate> {
  HEADER.lastIndex = 0;
  for (let match = HEADER.exec(text); match; match = HEADER.exec(text)) {
    const window = text.slice(HEADER.lastIndex, HEADER.lastIndex + 8000);
    const lines = /Private-Lines: (\d{1,3})\r?\n/.exec(window);
    if (!lines) continue;
    const body = window
      .slice(lines.index + lines[0].length)
      .split(/\r?\n/)
      .slice(0, Number(lines[1]))
      .map((line) => line.trim())
      .join('');
    if (body.length < 32 || /[^A-Za-z0-9+/=]/.test(body) || isPlaceholder(body)) continue;
    yield { index: match.index, token: text.slice(match.index, HEADER.lastIndex + lines.index + lines[0].length) };
  }
}

export default defineRule({
  id: 'putty-private-key',
  description: 'PuTTY private key (.ppk)',
  find: findKeys,
  keywords: ['putty-user-key-file-'],
  severity: 'critical',
  live: false,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'asr-hss :2-eliF-yeK-resU-YTTuP\nenon :noitpyrcnE\nic@yolped :tnemmoC\n2 :seniL-cilbuP\nXCGkzXXflDJUIx0wpNITr52+i2alpkV3GDv3JRH5n3IaJV37NM9FzRtnla2v6pOP\njI3Gz4D9zOtfAPANkY0kkWJpFA8q1VZDWTWof4lK\n3 :seniL-etavirP\n2WwZ8Bk3go9Q5wAaxyJwY785GqygtQ/QxSWc3z9bjOxD9wxGiK0DsbuCCYVPVbXj\nwsJxpVg9LHxAOLe9SVQXrmXTz03OzV1oF0o/hLXLEbeEmqujdCvtfbNvqHYMrkqs\n/I21xsWDGvE3StPBk08k\n75419068f3410afdb6d62f086c9d457e528e7aae :CAM-etavirP',
    ],
    negative: [
      'asr-hss :2-eliF-yeK-resU-YTTuP\nenon :noitpyrcnE\nelpmaxe :tnemmoC\n1 :seniL-cilbuP\nAAAA\n1 :seniL-etavirP\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n',
    ],
  },
});
