import { describe, expect, it } from 'vitest';
import { explain } from './explain.ts';

describe("the counter's why-this-ticket line", () => {
  it('words every rule key in both languages, never showing the key', () => {
    expect(explain('zh', { key: 'call.rule.transfer-front', params: {} })).toBe('转办后排在队首');
    expect(explain('en', { key: 'call.rule.transfer-front', params: {} })).not.toContain('call.rule');
    expect(explain('zh', { key: 'call.rule.fifo', params: { minutes: 7 } })).toContain('7');
  });

  it('shows a rule it does not know in general words', () => {
    expect(explain('zh', { key: 'call.rule.something-new', params: {} })).toBe('按叫号规则');
    expect(explain('en', undefined, 'fifo')).toBe('first come, first served');
    expect(explain('en', undefined)).toBe('');
  });
});
