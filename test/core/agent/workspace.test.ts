import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/config/load.js';
import { WorkspaceView } from '../../../src/core/agent/workspace.js';
import { makeRepo, tempDir, writeFile } from '../../helpers/git-repo.js';

describe('WorkspaceView', () => {
  it('hides what the policy denies, also behind a symlink with an innocent name', () => {
    const outside = tempDir('oryon-outside-');
    writeFile(outside, 'id_secret', 'PRIVATE KEY outside the repo\n');
    const root = makeRepo({ 'a.py': 'x = 1\n', '.env': 'API_KEY=super-secret-value\n', 'lib/b.py': 'y = 2\n' });
    symlinkSync('.env', path.join(root, 'notes.txt'));
    symlinkSync(path.join(outside, 'id_secret'), path.join(root, 'key.txt'));
    symlinkSync('lib/b.py', path.join(root, 'b-link.py'));
    const tracked = ['.env', 'a.py', 'b-link.py', 'key.txt', 'lib/b.py', 'notes.txt'];
    const view = new WorkspaceView(root, tracked, loadPolicy(root));

    expect(view.files).toEqual(['a.py', 'b-link.py', 'key.txt', 'lib/b.py', 'notes.txt']);
    expect(view.hidden.map((decision) => decision.subject)).toEqual(['.env']);
    expect(view.read('.env')).toBeUndefined();
    expect(view.read('notes.txt')).toBeUndefined();
    expect(view.read('key.txt')).toBeUndefined();
    // A link to a readable file inside the tree reads as that file.
    expect(view.read('b-link.py')).toBe('y = 2\n');
    expect(view.read('a.py')).toBe('x = 1\n');
    expect(view.read('missing.py')).toBeUndefined();
  });

  it('forgets cached text after an edit and learns created files', () => {
    const root = makeRepo({ 'a.py': 'x = 1\n' });
    const view = new WorkspaceView(root, ['a.py'], loadPolicy(root));
    expect(view.read('a.py')).toBe('x = 1\n');
    writeFile(root, 'a.py', 'x = 2\n');
    writeFile(root, 'new.py', 'z = 3\n');
    writeFile(root, '.env.local', 'SECRET=1\n');
    expect(view.read('a.py')).toBe('x = 1\n');
    view.changed(['a.py', 'new.py', '.env.local']);
    expect(view.read('a.py')).toBe('x = 2\n');
    expect(view.files).toEqual(['a.py', 'new.py']);
    expect(view.read('.env.local')).toBeUndefined();
  });
});
