import { describe, expect, it } from 'vitest';
import { dependencyChanges } from '../../../src/core/env/dependencies.js';

const change = (path: string, before: string, after: string) => dependencyChanges([{ path, before, after }]);
const pkg = (extra: object) => JSON.stringify({ name: 'app', version: '1.0.0', scripts: { test: 'node --test' }, ...extra }, null, 2);

describe('dependencyChanges', () => {
  it('counts a package.json dependency section change, not a script or version change', () => {
    expect(change('package.json', pkg({ dependencies: { ms: '^2' } }), pkg({ dependencies: { ms: '^2', pad: '^1' } }))).toEqual([
      { file: 'package.json', ecosystem: 'node', what: 'dependencies in package.json' },
    ]);
    expect(change('packages/a/package.json', pkg({}), pkg({ devDependencies: { vitest: '^4' } }))).toHaveLength(1);
    expect(
      change('package.json', pkg({ dependencies: { ms: '^2' } }), pkg({ version: '1.0.1', dependencies: { ms: '^2' }, scripts: { test: 'vitest' } })),
    ).toEqual([]);
  });

  it('counts any lockfile change, in any folder', () => {
    for (const file of [
      'package-lock.json',
      'pnpm-lock.yaml',
      'yarn.lock',
      'web/yarn.lock',
      'uv.lock',
      'poetry.lock',
      'Gemfile.lock',
      'composer.lock',
      'go.sum',
      'Cargo.lock',
    ]) {
      expect(change(file, 'a', 'b'), file).toHaveLength(1);
    }
  });

  it('requirements files count when a requirement changes, not a comment', () => {
    expect(change('requirements.txt', 'requests==2.31\n', 'requests==2.31\nrich\n')).toEqual([
      { file: 'requirements.txt', ecosystem: 'python', what: 'dependencies in requirements.txt' },
    ]);
    expect(change('requirements-dev.txt', 'pytest\n', '# test runner\npytest  # pinned later\n')).toEqual([]);
  });

  it('pyproject.toml: dependency lists and build requirements count; the description does not', () => {
    const base = '[project]\nname = "t"\ndescription = "old"\ndependencies = [\n  "requests",\n]\n\n[tool.ruff]\nline-length = 100\n';
    expect(change('pyproject.toml', base, base.replace('"requests",', '"requests",\n  "rich",'))).toHaveLength(1);
    expect(change('pyproject.toml', base, base.replace('old', 'new').replace('100', '120'))).toEqual([]);
    expect(change('pyproject.toml', base, `${base}\n[project.optional-dependencies]\ntest = ["pytest"]\n`)).toHaveLength(1);
    expect(change('pyproject.toml', base, `${base}\n[tool.poetry.dependencies]\npython = "^3.11"\n`)).toHaveLength(1);
  });

  it('Cargo.toml and go.mod count their dependency parts only', () => {
    const cargo = '[package]\nname = "x"\nversion = "0.1.0"\n\n[dependencies]\nserde = "1"\n';
    expect(change('Cargo.toml', cargo, cargo.replace('0.1.0', '0.2.0'))).toEqual([]);
    expect(change('Cargo.toml', cargo, `${cargo}rand = "0.8"\n`)).toEqual([{ file: 'Cargo.toml', ecosystem: 'rust', what: 'dependencies in Cargo.toml' }]);
    expect(change('go.mod', 'module x\n\ngo 1.22\n', 'module x\n\ngo 1.22\n\nrequire github.com/a/b v1.0.0\n')).toHaveLength(1);
  });

  it('an unparseable package.json counts (the safe answer); an unchanged file never does', () => {
    expect(change('package.json', pkg({}), '{ broken')).toHaveLength(1);
    expect(change('package-lock.json', 'same', 'same')).toEqual([]);
    expect(change('src/index.js', 'a', 'b')).toEqual([]);
  });
});
