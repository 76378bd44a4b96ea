import { isSecretLike } from '../generic.js';
import { defineRule, type Candidate } from '../rule.js';

// Credentials on a curl (or wget) command line — in a README, a CI file, a shell
// script: `-u user:pass`, `--user user:pass`, `--password pass`. Variables
// (`$TOKEN`, `${{ secrets.X }}`), prompts (`-u user` alone) and placeholders are not secrets.
// Authorization headers on the same lines are the authorization-header rule's.

// The command up to its end of line, across `\` line continuations.
const COMMAND = /\b(?:curl|wget)\b(?:[^\n\\]|\\\r?\n|\\[^\n]){0,2000}/g;
const USER = /(?:^|\s)(?:-u|--user|--proxy-user|--http-password|--password)(?:\s+|=)["']?(?:[^\s:"']{0,64}:)?([^\s"']{3,128})["']?/g;

function* findCredentials(text: string): Iterable<Candidate> {
  COMMAND.lastIndex = 0;
  for (let command = COMMAND.exec(text); command; command = COMMAND.exec(text)) {
    USER.lastIndex = 0;
    for (let flag = USER.exec(command[0]); flag; flag = USER.exec(command[0])) {
      const value = flag[1]!;
      // `-u user` with no password makes curl prompt for one: nothing to report.
      if (!flag[0].includes(':') && /(?:-u|--user|--proxy-user)(?:\s+|=)/.test(flag[0])) continue;
      if (!isSecretLike(value, 8)) continue;
      yield { index: command.index + flag.index + flag[0].lastIndexOf(value), token: value };
    }
  }
}

export default defineRule({
  id: 'curl-auth',
  description: 'credentials on a curl / wget command line',
  find: findCredentials,
  keywords: ['curl', 'wget'],
  severity: 'high',
  live: false,
  priority: 2,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'sdliub/1v/tset.lanretni.ipa//:sptth nQkoY1foCu9sVW1sV0:yolped u- lruc',
      'zgt.gkp/tset.lanretni.oper//:sptth CZpjd5H79vsygLa23SjD=drowssap-- ic=resu-- tegw',
    ],
    negative: [
      'resu/moc.buhtig.ipa//:sptth "DROWSSAP$:RESU$" u- lruc',
      '/0029:tsohlacol//:sptth nimda u- lruc',
      'drowssap/resu/htua-cisab/gro.nibptth//:sptth drowssap:resu resu-- lruc',
    ],
  },
});
