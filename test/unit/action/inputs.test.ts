import { describe, expect, it } from 'vitest';
import { readInputs } from '../../../src/action/inputs.js';

const base = {
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_EVENT_PATH: '/tmp/e.json',
  GITHUB_REPOSITORY: 'o/r',
  GITHUB_WORKSPACE: '/w',
};

describe('readInputs', () => {
  it('reads INPUT_* once into a typed object with defaults', () => {
    const i = readInputs(
      { ...base, 'INPUT_GITHUB-TOKEN': ' t ', 'INPUT_CHECKPOINT-KEY': 'k' },
      () => new Date(0),
    );
    expect(i).toMatchObject({
      command: 'auto',
      token: 't',
      checkpointKey: 'k',
      apiUrl: 'https://api.github.com',
      repository: { owner: 'o', repo: 'r' },
      workspace: '/w',
      reportDir: '/w/gatehouse-report',
      retries: 3,
      retryBaseMs: 1000,
      pushAttempts: 5,
      recordAlerts: false,
      verifyHistory: true,
    });
    expect(i.now.getTime()).toBe(0);
  });

  it('takes the api-url input over GITHUB_API_URL, for GitHub Enterprise Server', () => {
    expect(readInputs({ ...base, GITHUB_API_URL: 'https://ghe/api/v3' }).apiUrl).toBe('https://ghe/api/v3');
    expect(
      readInputs({ ...base, GITHUB_API_URL: 'https://a', 'INPUT_API-URL': 'https://b/api/v3' }).apiUrl,
    ).toBe('https://b/api/v3');
  });

  it('rejects an unknown command, a bad clock and a missing event as usage errors', () => {
    expect(() => readInputs({ ...base, INPUT_COMMAND: 'deploy' })).toThrow(
      /must be one of auto, check, record/,
    );
    expect(() => readInputs({ ...base, INPUT_NOW: 'yesterday' })).toThrow(/ISO-8601/);
    expect(() => readInputs({ GITHUB_EVENT_NAME: 'push' })).toThrow(/GITHUB_EVENT_PATH/);
    expect(() => readInputs({ ...base, GATEHOUSE_API_RETRIES: '-1' })).toThrow(/integer ≥ 0/);
    expect(() => readInputs({ ...base, INPUT_HISTORY: 'no' })).toThrow(
      /input "history" must be true or false/,
    );
  });

  it('reads the history and record-alerts switches', () => {
    const i = readInputs({ ...base, INPUT_HISTORY: 'false', 'INPUT_RECORD-ALERTS': 'true' });
    expect(i).toMatchObject({ verifyHistory: false, recordAlerts: true });
  });

  it('reads the write spacing knob only when it is set, and only as a non-negative integer', () => {
    expect(readInputs(base).writeSpacingMs).toBeUndefined();
    expect(readInputs({ ...base, GATEHOUSE_API_WRITE_SPACING_MS: '5' }).writeSpacingMs).toBe(5);
    expect(() => readInputs({ ...base, GATEHOUSE_API_WRITE_SPACING_MS: 'fast' })).toThrow(/integer ≥ 0/);
  });
});
