import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import { settingAtIterations } from '../../runs/configHistory';
import type { ConfigChange } from '../../runs/types';
import { describeScheduled, dueChanges, scheduleFromRecorded, withChanges, withoutChanges } from './schedule';

const recorded: ConfigChange[] = [
  { afterIteration: 3, key: 'threshold', from: -0.5, to: -1.5 },
  { afterIteration: 3, key: 'lambdaLr', from: 0.1, to: 0.2 },
  { afterIteration: 7, key: 'threshold', from: -1.5, to: 0.25 },
];

describe('scheduled live edits', () => {
  it('maps a recorded afterIteration to the same boundary (completed iterations), keeping order and from', () => {
    expect(scheduleFromRecorded(recorded)).toEqual([
      { iteration: 3, key: 'threshold', value: -1.5, from: -0.5 },
      { iteration: 3, key: 'lambdaLr', value: 0.2, from: 0.1 },
      { iteration: 7, key: 'threshold', value: 0.25, from: -1.5 },
    ]);
  });

  it('leaves out settings that cannot change mid-run and malformed iterations', () => {
    const bad: ConfigChange[] = [
      { afterIteration: 2, key: 'hiddenSize', from: 32, to: 64 },
      { afterIteration: -1, key: 'threshold', from: 0, to: 1 },
      { afterIteration: 1.5, key: 'threshold', from: 0, to: 1 },
    ];
    expect(scheduleFromRecorded(bad)).toEqual([]);
  });

  it('is due exactly at its boundary, never before or after', () => {
    const schedule = scheduleFromRecorded(recorded);
    expect(dueChanges(schedule, 2)).toEqual([]);
    expect(dueChanges(schedule, 3).map((c) => c.key)).toEqual(['threshold', 'lambdaLr']);
    expect(dueChanges(schedule, 4)).toEqual([]);
    expect(dueChanges(schedule, 7).map((c) => c.value)).toEqual([0.25]);
  });

  it('replaying the schedule before each iteration gives the recorded per-row history (configHistory)', () => {
    // The runner and the worker apply dueChanges(k) before the row with 0-based iteration k runs.
    const start = { ...defaultConfig(), threshold: -0.5 };
    const schedule = scheduleFromRecorded(recorded);
    const iterations = Array.from({ length: 10 }, (_, i) => i);
    let config = start;
    const replayed = iterations.map((k) => {
      config = withChanges(config, dueChanges(schedule, k));
      return config.threshold;
    });
    const history = settingAtIterations({ config: start, configChanges: recorded }, 'threshold', iterations);
    expect(replayed).toEqual(Array.from(history));
    expect(replayed).toEqual([-0.5, -0.5, -0.5, -1.5, -1.5, -1.5, -1.5, 0.25, 0.25, 0.25]);
  });

  it('withChanges leaves its input alone; withoutChanges drops applied copies by value', () => {
    const start = defaultConfig();
    const schedule = scheduleFromRecorded(recorded);
    const next = withChanges(start, dueChanges(schedule, 3));
    expect(next.lambdaLr).toBe(0.2);
    expect(start.threshold).toBe(defaultConfig().threshold);
    const copies = structuredClone(dueChanges(schedule, 3));
    expect(withoutChanges(schedule, copies)).toEqual([schedule[2]]);
  });

  it('describes a change with the setting label, old → new and the boundary', () => {
    expect(describeScheduled(scheduleFromRecorded(recorded)[0])).toBe('Cost limit (threshold = −d) -0.5 → -1.5 after iteration 3');
    expect(describeScheduled({ iteration: 5, key: 'threshold', value: 1 })).toBe('Cost limit (threshold = −d) 1 after iteration 5');
  });
});
