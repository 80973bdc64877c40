import { HOLD_MS, shouldStop } from '../../src/engine/server';

describe('when the engine leaves', () => {
  const idle = { terraformPid: 4242, terraformGone: false, busy: false, holding: false, idleForMs: 3001, idleMs: 3000 };

  it('leaves once idle longer than its idle time, and always when Terraform is gone', () => {
    expect(shouldStop(idle)).toBe(true);
    expect(shouldStop({ ...idle, idleForMs: 2999 })).toBe(false);
    expect(shouldStop({ ...idle, busy: true, idleForMs: 0, terraformGone: true })).toBe(true);
  });

  it('stays while busy', () => {
    expect(shouldStop({ ...idle, busy: true })).toBe(false);
  });

  it("stays while it holds a destroy step's old triggers for the create step that follows, up to a bound", () => {
    expect(shouldStop({ ...idle, holding: true, idleForMs: HOLD_MS })).toBe(false);
    expect(shouldStop({ ...idle, holding: true, idleForMs: HOLD_MS + 1 })).toBe(true);
    expect(shouldStop({ ...idle, holding: true, terraformGone: true })).toBe(true);
  });

  it('holds nothing for a Terraform it cannot watch: a handler re-parented to init started it', () => {
    expect(shouldStop({ ...idle, terraformPid: 1, holding: true })).toBe(true);
    expect(shouldStop({ ...idle, terraformPid: 1, holding: true, idleForMs: 2999 })).toBe(false);
  });
});
