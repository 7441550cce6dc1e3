import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyCliOverrides, cliKeyToDict, coerceCliValue, leafPaths, pathsNamed, pythonFloat, shellWords, trainerArgPairs, updateDict, type CfgTree } from './overrideRules';
import { SAFERLHF_YAML } from './upstreamConfigs';

// align-anything's override rules (tools.py custom_cfgs_to_dict / update_dict, trainer main()), replayed.
const upstream = () => parse(SAFERLHF_YAML, { version: '1.1' }) as CfgTree;

describe("align-anything's command-line override rules", () => {
  it('coerces values as custom_cfgs_to_dict does', () => {
    expect(coerceCliValue('True')).toEqual({ type: 'bool', value: true });
    expect(coerceCliValue('False')).toEqual({ type: 'bool', value: false });
    expect(coerceCliValue('true')).toEqual({ type: 'str', value: 'true' });
    expect(coerceCliValue('128')).toEqual({ type: 'int', value: 128 });
    // Not all digits: a negative integer goes through float().
    expect(coerceCliValue('-1')).toEqual({ type: 'float', value: -1 });
    expect(coerceCliValue('-0.5')).toEqual({ type: 'float', value: -0.5 });
    expect(coerceCliValue('5.e-7')).toEqual({ type: 'float', value: 5e-7 });
    expect(coerceCliValue('5.0e-07')).toEqual({ type: 'float', value: 5e-7 });
    expect(coerceCliValue('1_000.5')).toEqual({ type: 'float', value: 1000.5 });
    expect(coerceCliValue('inf')).toEqual({ type: 'float', value: Infinity });
    // Lists are lists of strings, empty items dropped.
    expect(coerceCliValue('[0.9,0.95]')).toEqual({ type: 'list', value: ['0.9', '0.95'] });
    expect(coerceCliValue('a,,b')).toEqual({ type: 'list', value: ['a', 'b'] });
    expect(coerceCliValue('PKU-Alignment/BeaverTails-V')).toEqual({ type: 'str', value: 'PKU-Alignment/BeaverTails-V' });
    expect([pythonFloat('1e5'), pythonFloat('.5'), pythonFloat('5.'), pythonFloat('1__0'), pythonFloat('e5'), pythonFloat('')]).toEqual([1e5, 0.5, 5, null, null, null]);
  });

  it("nests ':' keys and turns '-' into '_'", () => {
    expect(cliKeyToDict('kl-coeff', 1)).toEqual({ kl_coeff: 1 });
    expect(cliKeyToDict('train_cfgs:kl_coeff', 1)).toEqual({ train_cfgs: { kl_coeff: 1 } });
    expect(cliKeyToDict('train_cfgs.kl_coeff', 1)).toEqual({ 'train_cfgs.kl_coeff': 1 });
  });

  it('reads strict --key value pairs after the launcher\'s --local_rank, last one winning', () => {
    expect(trainerArgPairs(['--local_rank=0', '--a', '1', '--b', 'x', '--a', '2'])).toEqual([['a', '2'], ['b', 'x']]);
    // Without the launcher's first argument every pair is shifted: a script must run under deepspeed.
    expect(trainerArgPairs(['--a', '1', '--b', '2'])).toEqual([['', '--b']]);
  });

  it('a flat key changes exactly its leaf; the dot form changes nothing; the colon form clobbers the section', () => {
    const defaults = upstream();
    const sectionSize = Object.keys(defaults.train_cfgs as CfgTree).length;
    expect(sectionSize).toBe(40);

    const flat = applyCliOverrides(defaults, ['--local_rank=0', '--kl_coeff', '0.05']);
    const changed = leafPaths(defaults).filter((path) => JSON.stringify(get(flat, path)) !== JSON.stringify(get(defaults, path)));
    expect(changed).toEqual(['train_cfgs.kl_coeff']);
    expect(get(flat, 'train_cfgs.kl_coeff')).toBe(0.05);

    expect(applyCliOverrides(defaults, ['--local_rank=0', '--train_cfgs.kl_coeff', '0.05'])).toEqual(defaults);

    const clobbered = applyCliOverrides(defaults, ['--local_rank=0', '--train_cfgs:kl_coeff', '0.05']);
    expect(clobbered.train_cfgs).toEqual({ kl_coeff: 0.05 });
  });

  it('a leaf name shared by two sections changes both (why the export checks every key is unique)', () => {
    const tree: CfgTree = { a: { seed: 1, x: 2 }, b: { seed: 3 } };
    expect(updateDict(tree, { seed: 9 })).toEqual({ a: { seed: 9, x: 2 }, b: { seed: 9 } });
    expect(pathsNamed({ a: { seed: 1 }, b: { c: { seed: 2 } } }, 'seed')).toEqual([['a', 'seed'], ['b', 'c', 'seed']]);
  });

  it('splits shell lines as bash does for the exported scripts', () => {
    expect(shellWords('deepspeed \\\n  --module m --x "${A}" --y \'b c\' --z $A', { A: 'v' })).toEqual([
      'deepspeed', '--module', 'm', '--x', 'v', '--y', 'b c', '--z', 'v',
    ]);
    expect(() => shellWords('--x "${NOPE}"')).toThrow(/NOPE/);
  });
});

function get(tree: CfgTree, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as CfgTree | undefined)?.[key], tree);
}
