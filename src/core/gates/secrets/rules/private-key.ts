import { isPlaceholder } from '../placeholder.js';
import { defineRule, type Candidate } from '../rule.js';

// Every PEM private key kind (PKCS#1 RSA, DSA, EC, PKCS#8 plain and encrypted, OpenSSH,
// PGP): the header, then a body of real key material up to the END line — also when the
// block sits in one JSON string with `\n` escapes (a GCP service-account file). A header
// whose body is a placeholder (`...`, `<key>`, `MIIxxxx`) or too short to be a key is not a key.

const HEADER = /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----/g;

function* findKeys(text: string): Iterable<Candidate> {
  HEADER.lastIndex = 0;
  for (let match = HEADER.exec(text); match; match = HEADER.exec(text)) {
    const footer = `-----END ${match[1]}-----`;
    const end = text.indexOf(footer, HEADER.lastIndex);
    const stop = end >= 0 && end - HEADER.lastIndex < 20000 ? end + footer.length : Math.min(text.length, HEADER.lastIndex + 4000);
    const block = text.slice(match.index, stop);
    const body = text
      .slice(HEADER.lastIndex, end >= 0 && end < stop ? end : stop)
      .replace(/\\n|\\r/g, '\n')
      .split('\n')
      .filter((line) => !/^\s*(?:[A-Za-z-]+:|$)/.test(line) || /^\s*[A-Za-z0-9+/=]{40,}\s*$/.test(line))
      .join('')
      .replace(/[\s"',]/g, '');
    if (/[^A-Za-z0-9+/=]/.test(body.slice(0, 200)) || body.length < 64 || isPlaceholder(body)) {
      HEADER.lastIndex = stop;
      continue;
    }
    yield { index: match.index, token: block };
    HEADER.lastIndex = stop;
  }
}

export default defineRule({
  id: 'private-key',
  description: 'private key (PEM / OpenSSH / PGP)',
  find: findKeys,
  keywords: ['private key'],
  severity: 'critical',
  live: false,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      '-----YEK ETAVIRP ASR NIGEB-----\nK6yvZ2rTnNj3cgEmO9lXDNLS1RiNiSUEPvtoWDKLSYHEq40q9xtMTcTZrVwoEIIM\nyb6184W7X0Cr1AG+p19AloXjZe+5747OSal0f7u6P1TjCM6obCu3uJkTrr+DIMzR\n/7ftJUoeN2IzWxkw/f1wKp4EiGc+P3UjO/A5f0vGVUriV+yz1XYQJQJnE6qfN0Ue\nqTwi7xJdzlnBC7DQPUc1xjUH0+meal2JREPAWu09ww2LYp+SHmGZUdPTEmEyu0XD\nS7VZxgBuiy7fzfoMNLHEj75/XDB8k4N8z5cnYH7CKTM1Nk3KkAwxX2RwiFRu0FVg\nG6bq5PmlgoBKM9mIKmCWQrPrMI7+OC5kNNo4SWiW5lfU5GAshziagqWzl9VkjoXk\n3KIn1mAWkBBQIhK9v3Uv7cuEoziyQIBodStpdg3Pix/f33Xm9HbmMMWcouudpz7W\nkPUGxdaUpIF5DLq8Tos3HuYH5jN+Qg8fKOiW5jJLUJKEPmtIepl+DRf+PHZy5grX\nDNpAGmj9BLvZdsVF42OCTfNEa36gpGas5a9jxzLw4RzSOT1JgA4bN81BiVfxYos7\n7pwzmMDx7zR4dYx0XxBlACnZaGraPf6e9Bjd7leRBKEG0o1yN46wF+7PlCardqOd\nZU+/7/0Fzme0oOVJzWufBvdCNmg0piU96hT4RyHnEqrOItxU50zSCGt0J/6LBbJ0\nTLYs3Pd4XLympXKMQBt1c02Uihwdc3vVSrUgr1uCeuC0GO+s67XuIPZDrD8XwQxq\n+vKKcu6Yffn/ZzJbs8TgjJb4IXmA3IChkROolBhggXWfnzJmWFEXtoKeygeRCVbw\nkjc1jE20lN9G0lOM8p9vS+vY+8V/yE9/i88/x2Av7RDTukQJbfbh8hTm3bwOVZ3Q\nIcIOIvCRPNRXpckOsM3kh5yVUknL1avEQ1kk5pgidrVk7n+iX2h0HYo13FCLCG7Y\n==uR+HyhnFZ6SGUOGx+DxVnO6Z/DXN7LpETTyGMqhn\n-----YEK ETAVIRP ASR DNE-----',
      '-----YEK ETAVIRP HSSNEPO NIGEB-----\njIfL2eFuqeXZ9ax9QxbL0INOZ09wo+4Z7agiOghcAAAAAEjdtkXZr1CazNnblB3b\nP1s1QP+pVmIbtWzFVatU7F2g5MR6ElCbdefgpgEFiNjvxugPYDFjfhVcFW4090nj\nTY3oCa6hTijWwl4tnRpy3NYbL0ze/ePX0Qj/okIEFqBsF7fsljzW4tzeg4s5YFL/\nG+lNRGQJ0zbIkMReBsohSayNKg1azdaZpT4fq0mXzX2jd5Xn1/shHuPVyP7EgQqq\nvXjNgBGSBi6VcEe3xAyM8XnCm9eULu+kFKeARDfMqGqeQ0u538xkLxk+iff0I3XG\nPhxi9zVAshiuBb0tZtzWy715QB+dMdpidVOxpnt78CThRgl1k4sr/6TvxOp+cOyn\nZkcod5GLGF47PmJpI6Z41eHAfa3lezjV+2nL5q7kKwdRqCrXF36CmlwwPa+nNabB\nzZGFkSaQ2A+jHfdAzeRJeN3gT9pjn4WaN9TwFU4Xw/FQ4xkbLo/tJAwIFLxhajUQ\nT9lRP5GLpEMqiUMRcbw5FOXYA7s138fc1c9282BD8MAs3JxJc5t/h7yTPhQmiSq/\nHAjWXwHp7UmgcXAAtR/SQZh/LDT6UovGWlYpyl8dKFf1KCotkmImrEp8ZcGC6i0g\nkzm0kF8GHJgm4/EDM3ArHc40ghXti/+1DGuGO2hXA1VqYSLq1DjuCG2DhK8aRFzg\n9tAjSDvPilMNvokDwFcqdrBfg+J6hlbDUrsEHzSSfQB05yNX8kLint9gdhoLce/m\nRUvr9FcM1AO/wTVIglo4HPqySdpbH3iXaIab9NkcnR4EenPzyB+TCiFehPMtxm2e\nIku1c4QFgA/ijFOmUvDu/6BoUniPvkynSmEdRwfLQtzbjNSANwifhR/UUKdYkq7H\nNtA4ZqIjEgS8ClFoWUebbBjYk1Kb5HxzOI3emWrIAB5b9OF2L+q8GwgUSrlsYsPJ\n==tNW2tPqmdaOtb0sDwpFJL+WQyUDh/lLJ+pWX7VWV\n-----YEK ETAVIRP HSSNEPO DNE-----',
    ],
    negative: [
      '-----YEK ETAVIRP ASR NIGEB-----\n...\n-----YEK ETAVIRP ASR DNE-----',
      '-----YEK ETAVIRP NIGEB-----\n>yek-etavirp-ruoy<\n-----YEK ETAVIRP DNE-----',
      '"-----YEK ETAVIRP ASR NIGEB-----" = REDAEH',
    ],
  },
});
