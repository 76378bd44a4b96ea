import { describe, expect, it } from 'vitest';
import { loadPrompt } from '../../../src/core/agent/prompts.js';
import { tempDir, writeFile } from '../../helpers/git-repo.js';

describe('loadPrompt', () => {
  it('takes a template from the overrides folder when it has one, else the packaged one', () => {
    const dir = tempDir();
    writeFile(dir, 'system.md', 'You are a terse variant.\n');
    expect(loadPrompt('system', dir)).toBe('You are a terse variant.\n');
    expect(loadPrompt('plan', dir)).toBe(loadPrompt('plan'));
    expect(loadPrompt('system')).toMatch(/^You are oryon/);
  });
});
