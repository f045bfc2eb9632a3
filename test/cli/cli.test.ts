import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scenarioText, tmp, writeScenario } from './helpers.js';

describe('dcsim run', () => {
  it('writes the CSVs and run.json and prints a summary', () => {
    const dir = tmp();
    const file = writeScenario(dir, scenarioText());
    const out = join(dir, 'out');
    const r = runCli(['run', file, '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^tiny \(seed 3\): simulated 10\.0m/);
    expect(readdirSync(out).sort()).toEqual(['hosts.csv', 'run.json', 'summary.csv', 'tasks.csv', 'timeseries.csv', 'vms.csv']);
    const summary = readFileSync(join(out, 'summary.csv'), 'utf8').split('\n');
    expect(summary[0].split(',').slice(0, 4)).toEqual(['scenario', 'seed', 'sim_time_s', 'events']);
    expect(summary[1].split(',').slice(0, 3)).toEqual(['tiny', '3', '600']);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.seed).toBe(3);
    expect(run.config.datacenter.hosts[0].count).toBe(3);
  });

  it('refuses to overwrite an earlier run without --force, and leaves it intact', () => {
    const dir = tmp();
    const file = writeScenario(dir, scenarioText());
    const out = join(dir, 'out');
    expect(runCli(['run', file, '--out', out, '-q']).code).toBe(0);
    writeFileSync(join(out, 'summary.csv'), 'mine');
    const r = runCli(['run', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already holds the results of a run .*--force/);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).toBe('mine');
    expect(runCli(['run', file, '--out', out, '--force', '-q']).code).toBe(0);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).toMatch(/^scenario,/);
    expect(readdirSync(out).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('--seed and --set change the run', () => {
    const dir = tmp();
    const file = writeScenario(dir, scenarioText());
    const r = runCli(['run', file, '--out', join(dir, 'o'), '--seed', '9', '--set', 'datacenter.hosts.0.count=5', '-q']);
    expect(r.code).toBe(0);
    const summary = readFileSync(join(dir, 'o', 'summary.csv'), 'utf8').split('\n')[1].split(',');
    expect(summary[1]).toBe('9');
    expect(summary[4]).toBe('5');
  });

  it('several scenarios go to one folder each under --out', () => {
    const dir = tmp();
    const a = writeScenario(dir, scenarioText(), 'a.yaml');
    const b = writeScenario(dir, scenarioText().replace('name: tiny', 'name: tiny2'), 'b.yaml');
    expect(runCli(['run', a, b, '--out', join(dir, 'all'), '-q']).code).toBe(0);
    expect(existsSync(join(dir, 'all', 'tiny', 'summary.csv'))).toBe(true);
    expect(existsSync(join(dir, 'all', 'tiny2', 'summary.csv'))).toBe(true);
  });
});

describe('bad input exits with code 2 and a located message, never a stack trace', () => {
  const cases: [string, string, RegExp][] = [
    ['YAML syntax error', scenarioText().replace('vm_types:', 'vm_types: [unclosed'), /s\.yaml:\d+:\d+: /],
    ['unknown key', scenarioText().replace('cores: 4', 'coers: 4'), /s\.yaml:6:8: host_types\.h\.coers: unknown key "coers" \(did you mean "cores"\?/],
    ['wrong type', scenarioText().replace('mips: 1000, ram: 8GiB', 'mips: fast, ram: 8GiB'), /s\.yaml:6:24: host_types\.h\.mips: expected/],
    ['zero capacity', scenarioText().replace('cores: 4', 'cores: 0'), /s\.yaml:6:15: host_types\.h\.cores: expected an integer >= 1, got 0/],
    ['negative capacity', scenarioText().replace('ram: 8GiB', 'ram: -8GiB'), /s\.yaml:6:35: host_types\.h\.ram: expected a memory size > 0, got "-8GiB"/],
    ['VM larger than any host', scenarioText().replace('vcpus: 2', 'vcpus: 16'), /vms\.0\.type: .*cores \(needs 16, has 4\)/],
    ['undefined type', scenarioText().replace('{ type: h, count: 3 }', '{ type: hh, count: 3 }'), /s\.yaml:10:19: datacenter\.hosts\.0\.type: .*did you mean "h"/],
    ['missing trace file', scenarioText() + '  - name: replay\n    group: g\n    trace: nowhere.csv\n', /s\.yaml:20:12: workloads\.1\.trace: trace file not found: .*nowhere\.csv/],
  ];
  for (const [what, text, message] of cases) {
    it(what, () => {
      const dir = tmp();
      const file = writeScenario(dir, text);
      for (const cmd of ['run', 'validate']) {
        const r = runCli([cmd, file, '--out', join(dir, 'o')].slice(0, cmd === 'run' ? 4 : 2));
        expect(r.code).toBe(2);
        expect(r.err).toMatch(message);
        expect(r.err).not.toMatch(/\n\s+at /);
      }
      expect(existsSync(join(dir, 'o'))).toBe(false);
    });
  }

  it('a scenario file that does not exist', () => {
    const r = runCli(['run', '/no/such/file.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\/no\/such\/file\.yaml: cannot read the scenario file: no such file/);
  });

  it('a malformed --set', () => {
    const dir = tmp();
    const r = runCli(['validate', writeScenario(dir, scenarioText()), '--set', 'seed']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--set/);
  });

  it('a path flag given without its value', () => {
    const dir = tmp();
    const r = runCli(['run', writeScenario(dir, scenarioText()), '-o']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--out needs a value');
    expect(runCli(['check', dir, '--baseline']).err).toContain('--baseline needs a value');
  });

  it('an unknown flag or command', () => {
    expect(runCli(['run', 'x.yaml', '--bogus']).code).toBe(2);
    expect(runCli(['fly']).code).toBe(2);
    expect(runCli([]).code).toBe(2);
  });
});

describe('help', () => {
  it('--help shows commands and examples, exit 0', () => {
    const r = runCli(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Examples:/);
    expect(r.out).toMatch(/--set/);
  });
});

describe('consolidation runs', () => {
  const scenario = (extra: string) => `name: cons
duration: 1h
host_types:
  h: { cores: 2, mips: 1000, ram: 4GiB }
vm_types:
  v: { vcpus: 1, mips: 500, ram: 1GiB }
datacenter:
  hosts: [{ type: h, count: 1 }]
${extra}`;

  it('a trace sample outside 0..100 stops the run with file:line and exit code 2', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'day'));
    writeFileSync(join(dir, 'day', 'vm1'), '5\n'.repeat(288));
    writeFileSync(join(dir, 'day', 'vm2'), '5\n'.repeat(16) + '150\n' + '5\n'.repeat(271));
    const file = writeScenario(dir, scenario('trace_vms: { planetlab: day, types: [v] }\n'));
    const r = runCli(['run', file, '--out', join(dir, 'o')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/day\/vm2:17: expected a CPU percentage 0\.\.100, got "150"/);
    expect(existsSync(join(dir, 'o', 'summary.csv'))).toBe(false);
  });

  it('more VMs than the hosts can ever hold are recorded as rejected', () => {
    // One host of 4 GiB: four 1-GiB VMs fit by RAM at t = 0; the other six are rejected.
    const dir = tmp();
    const file = writeScenario(dir, scenario('trace_vms: { synthetic: { count: 10 }, types: [v] }\n'));
    expect(runCli(['run', file, '--out', join(dir, 'o'), '-q']).code).toBe(0);
    const [head, row] = readFileSync(join(dir, 'o', 'summary.csv'), 'utf8').trim().split('\n');
    const s = Object.fromEntries(head.split(',').map((c, i) => [c, row.split(',')[i]]));
    expect([s.vms, s.vms_rejected]).toEqual(['10', '6']);
  });
});
