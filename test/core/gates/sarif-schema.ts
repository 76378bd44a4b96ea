import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';

// The complete OASIS SARIF 2.1.0 schema (sarif-schema-2.1.0 rtm.5, as shipped in the
// MIT-licensed npm package @microsoft/jest-sarif 1.0.0-beta.0), a draft-04 schema. Its one
// draft-04 keyword, the root `id`, is dropped so Ajv (draft-07) compiles the rest unchanged.
const schema = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../fixtures/sarif-2.1.0.json'), 'utf8'));
delete schema.id;
schema.$schema = 'http://json-schema.org/draft-07/schema#';

// unicodeRegExp off: the official `language` pattern has a stray `]` that only non-unicode regexes accept.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
ajv.addFormat('uri', (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value) && URL.canParse(value));
ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/') && !/\s/.test(value));
ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));

export const validateFullSarif = ajv.compile(schema);
