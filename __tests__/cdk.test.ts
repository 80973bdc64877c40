import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as cdktf from 'cdktf';
import { cdkCore, pickCdkCore, type CdkCore } from '../src/cdk';
import { ROOT } from './support/roster';

const installed =
  (...names: CdkCore[]) =>
  (name: CdkCore) =>
    names.includes(name);

describe('src/cdk.ts: the one CDK core of the package', () => {
  it('takes cdktf when it is installed, cdktn otherwise', () => {
    expect(pickCdkCore({}, installed('cdktf', 'cdktn'))).toBe('cdktf');
    expect(pickCdkCore({}, installed('cdktf'))).toBe('cdktf');
    expect(pickCdkCore({}, installed('cdktn'))).toBe('cdktn');
  });

  it('follows DOMO_IDENTITY_CDK when both are installed', () => {
    expect(pickCdkCore({ DOMO_IDENTITY_CDK: 'cdktn' }, installed('cdktf', 'cdktn'))).toBe('cdktn');
    expect(pickCdkCore({ DOMO_IDENTITY_CDK: '' }, installed('cdktf', 'cdktn'))).toBe('cdktf');
  });

  it.each([
    [
      {},
      installed(),
      'cdktf-domo-identity needs a CDK core beside it: npm install cdktf constructs (CDK for Terraform), or npm install cdktn constructs (CDK Terrain).',
    ],
    [{ DOMO_IDENTITY_CDK: 'cdk' }, installed('cdktf'), 'DOMO_IDENTITY_CDK is "cdk": set it to cdktf or cdktn, or unset it.'],
    [
      { DOMO_IDENTITY_CDK: 'cdktn' },
      installed('cdktf'),
      'DOMO_IDENTITY_CDK is cdktn, but the package cdktn is not installed: npm install cdktn.',
    ],
  ])('refuses %j with a message naming the fix', (env, isInstalled, message) => {
    expect(() => pickCdkCore(env, isInstalled)).toThrow(expect.objectContaining({ name: 'ConfigError', message }));
  });

  it('is cdktf in this repository, the same copy the tests import', async () => {
    expect(cdkCore).toBe('cdktf');
    const { App, TerraformStack } = await import('../src/cdk');
    expect(App).toBe(cdktf.App);
    expect(TerraformStack).toBe(cdktf.TerraformStack);
  });

  it('is the only module of src/ that imports cdktf or a @cdktf package', () => {
    const files = readdirSync(join(ROOT, 'src'), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => join(e.parentPath, e.name));
    const direct = /(from\s+|require\(\s*|import\(\s*)['"](cdktf|cdktn|@cdktf\/[^'"]+)(\/[^'"]*)?['"]/;
    const offenders = files.filter((f) => direct.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(offenders).toEqual(['src/cdk.ts']);
  });
});
