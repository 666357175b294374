import { describe, expect, it } from 'vitest';
import { parseThreadsSetting, threadsPerRun } from '../../../extension/training/threads';

describe('threadsPerRun', () => {
  it('auto: two threads for a lone run on two cores, one each when two train at once', () => {
    expect(threadsPerRun('auto', 1, 2)).toBe(2);
    expect(threadsPerRun('auto', 2, 2)).toBe(1);
    expect(threadsPerRun('auto', 1, 1)).toBe(1);
  });

  it('a number is taken as given, within the engine\'s 1..2', () => {
    expect(threadsPerRun(1, 1, 8)).toBe(1);
    expect(threadsPerRun(2, 2, 8)).toBe(2);
    expect(threadsPerRun(4, 1, 8)).toBe(2);
  });

  it('reads the setting', () => {
    expect(parseThreadsSetting('auto')).toBe('auto');
    expect(parseThreadsSetting('1')).toBe(1);
    expect(parseThreadsSetting(undefined)).toBe('auto');
  });
});
