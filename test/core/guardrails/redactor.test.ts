import { describe, expect, it } from 'vitest';
import { ibanValid, luhnValid, piiSpans, privateIpv4 } from '../../../src/core/guardrails/pii.js';
import { withRedactedEmbeddings } from '../../../src/core/guardrails/redacting-embedder.js';
import { RedactingModel } from '../../../src/core/guardrails/redacting-model.js';
import { Redactor } from '../../../src/core/guardrails/redactor.js';
import { secretSpans } from '../../../src/core/guardrails/secret-spans.js';
import { ScriptedModel } from '../../../src/core/model/scripted-model.js';
import type { Embedder } from '../../../src/core/model/types.js';

const AWS = 'AKIAZ3MPLQ7RT5WXY2VB';
// Shapes as issued: 36 characters after ghp_, a key body with no placeholder run in it.
const GH = 'ghp_R7kLq2Vx9TzW4mNc8PbH3sYd6FgJ1aE5uQ0o';

describe('secretSpans (adapter over the secrets scanner)', () => {
  it('finds each secret the scanner masks, with its rule, even several on a line', () => {
    const text = `aws=${AWS} and token ${GH}\nplain line`;
    const spans = secretSpans(text);
    expect(spans.map((span) => text.slice(span.start, span.end))).toEqual([AWS, GH]);
    expect(spans.map((span) => span.rule)).toEqual(['aws-access-key-id', 'github-token']);
    expect(secretSpans('nothing secret here, AKIAIOSFODNN7EXAMPLE')).toEqual([]);
  });
});

describe('PII detectors', () => {
  it('checks cards with Luhn, IBANs with mod 97, and only private IPv4 ranges', () => {
    expect(luhnValid('4111 1111 1111 1111')).toBe(true);
    expect(luhnValid('4111 1111 1111 1112')).toBe(false);
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('DE89370400440532013001')).toBe(false);
    expect(privateIpv4('10.1.2.3') && privateIpv4('172.20.0.1') && privateIpv4('192.168.1.5')).toBe(true);
    expect(privateIpv4('8.8.8.8') || privateIpv4('172.32.0.1') || privateIpv4('127.0.0.1')).toBe(false);
  });

  it('finds e-mails, phones, IBANs, cards and private addresses, and leaves versions, dates and hashes alone', () => {
    const text =
      'mail jane.doe@corp-mail.io, call +44 20 7946 0958 or (555) 123-4567, IBAN DE89 3704 0044 0532 0130 00, card 4111-1111-1111-1111, host 192.168.10.7 and fd12:3456:789a::1';
    const found = piiSpans(text, ['email', 'phone', 'iban', 'card', 'ip']).map((span) => `${span.rule}:${text.slice(span.start, span.end)}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'email:jane.doe@corp-mail.io',
        'phone:+44 20 7946 0958',
        'phone:(555) 123-4567',
        'iban:DE89 3704 0044 0532 0130 00',
        'card:4111-1111-1111-1111',
        'ip:192.168.10.7',
        'ip:fd12:3456:789a::1',
      ]),
    );
    const benign = 'version 1.2.3, date 2024-01-15, sha 4f3c2a1b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a, localhost 127.0.0.1, dns 8.8.8.8, count 1234567890123';
    expect(piiSpans(benign, ['email', 'phone', 'iban', 'card', 'ip'])).toEqual([]);
  });
});

describe('Redactor', () => {
  it('gives each value a stable placeholder and restores the exact original', () => {
    const redactor = new Redactor('secrets+pii');
    const first = redactor.redact(`key ${AWS}, mail jane@corp-mail.io, other bob@corp-mail.io`);
    expect(first).toBe('key <SECRET_1>, mail <EMAIL_1>, other <EMAIL_2>');
    // The same value later, anywhere, gets the same placeholder.
    expect(redactor.redact(`again jane@corp-mail.io and ${AWS}`)).toBe('again <EMAIL_1> and <SECRET_1>');
    expect(redactor.restore('const key = "<SECRET_1>"; // <EMAIL_2> <EMAIL_9>')).toBe(`const key = "${AWS}"; // bob@corp-mail.io <EMAIL_9>`);
  });

  it('redacts secrets only by default mode, and nothing when off', () => {
    const text = `key ${AWS} mail jane@corp-mail.io`;
    expect(new Redactor('secrets').redact(text)).toBe('key <SECRET_1> mail jane@corp-mail.io');
    expect(new Redactor('off').redact(text)).toBe(text);
    expect(new Redactor('secrets+pii', ['card']).redact('jane@corp-mail.io 4111 1111 1111 1111')).toBe('jane@corp-mail.io <CARD_1>');
  });

  it('a private key block becomes one placeholder and comes back byte for byte', () => {
    // Header split so this file holds no key-shaped literal for scanners of our own tree.
    const key = `-----BEGIN RSA ${'PRIVATE'} KEY-----\nMIIEowIBAAKCAQEA+cd8GHZe7UwJwtXAqxbcrn76IHQ362Xi+B02S9Hf0TqFXvGGFta06r+x8qHQ/win\nc7tCh6tivUpotE5h5LCzHW7jGBDiGRt/jbVkf/0zsFkXIDe3++HEPgovbPZoYhcz\n-----END RSA ${'PRIVATE'} KEY-----`;
    const redactor = new Redactor('secrets');
    const redacted = redactor.redact(`before\n${key}\nafter`);
    expect(redacted).toBe('before\n<SECRET_1>\nafter');
    expect(redactor.restore(redacted)).toBe(`before\n${key}\nafter`);
  });
});

describe('RedactingModel', () => {
  it('sends redacted messages and returns the reply with originals restored', async () => {
    const inner = new ScriptedModel([{ content: 'fixed: send to <EMAIL_1> using <SECRET_1>' }]);
    const model = new RedactingModel(inner, new Redactor('secrets+pii'));
    const reply = await model.chat({ messages: [{ role: 'user', content: `mail jane@corp-mail.io with ${AWS}` }] });
    expect(inner.requests[0]!.messages[0]!.content).toBe('mail <EMAIL_1> with <SECRET_1>');
    expect(reply.content).toBe(`fixed: send to jane@corp-mail.io using ${AWS}`);
  });

  it("a tool call's arguments come back restored for the tool, and go out redacted again in the conversation", async () => {
    const inner = new ScriptedModel([{ content: '', toolCalls: [{ name: 'grep', arguments: { pattern: '<SECRET_1>', globs: ['<SECRET_1>'] } }] }, 'done'], {
      info: { capabilities: ['tools'] },
    });
    const model = new RedactingModel(inner, new Redactor('secrets'));
    const first = await model.chat({ messages: [{ role: 'user', content: `where is ${AWS} used?` }] });
    expect(first.toolCalls).toEqual([{ name: 'grep', arguments: { pattern: AWS, globs: [AWS] } }]);
    await model.chat({
      messages: [
        { role: 'user', content: `where is ${AWS} used?` },
        { role: 'assistant', content: '', toolCalls: first.toolCalls! },
        { role: 'tool', toolName: 'grep', content: `no match for /${AWS}/` },
      ],
    });
    const sent = JSON.stringify(inner.requests[1]!.messages);
    expect(sent).not.toContain(AWS);
    expect(inner.requests[1]!.messages[1]!.toolCalls).toEqual([{ name: 'grep', arguments: { pattern: '<SECRET_1>', globs: ['<SECRET_1>'] } }]);
  });
});

describe('redaction around the chat', () => {
  it('embeddings are asked for redacted text, under the inner id; off leaves the embedder as is', async () => {
    const seen: string[][] = [];
    const inner: Embedder = { id: 'ollama:nomic', embed: async (texts) => (seen.push(texts), texts.map(() => [1, 0])) };
    const embedder = withRedactedEmbeddings(inner, new Redactor('secrets+pii'));
    await embedder.embed([`token ${AWS} from jane@corp-mail.io`]);
    expect(seen).toEqual([['token <SECRET_1> from <EMAIL_1>']]);
    expect(embedder.id).toBe('ollama:nomic');
    expect(withRedactedEmbeddings(inner, new Redactor('off'))).toBe(inner);
  });

  it('reserve numbers new placeholders past those a resumed thread already holds', () => {
    const redactor = new Redactor('secrets+pii');
    redactor.reserve('earlier: <SECRET_2> and <EMAIL_1>, not <BOGUS_9>');
    expect(redactor.redact(`${AWS} jane@corp-mail.io ${GH}`)).toBe('<SECRET_3> <EMAIL_2> <SECRET_4>');
  });
});
