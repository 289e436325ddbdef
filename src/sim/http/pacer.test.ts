import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { EPOCH_MS } from '../core/clock.ts';
import { jumpToWallClock, Pacer } from './pacer.ts';

describe('Pacer', () => {
  it('advances virtual time by the real time elapsed, times the speed', () => {
    const cloud = createCloud();
    let wall = 1_000;
    const pacer = new Pacer(cloud, { speed: 2, wallMs: () => wall });
    const t0 = cloud.now();
    wall += 1_500;
    pacer.catchUp();
    expect(cloud.now() - t0).toBe(3_000);
    pacer.catchUp();
    expect(cloud.now() - t0).toBe(3_000);
  });

  it('carries fractions of a millisecond instead of losing them', () => {
    const cloud = createCloud();
    let wall = 0;
    const pacer = new Pacer(cloud, { speed: 0.5, wallMs: () => wall });
    const t0 = cloud.now();
    for (let i = 0; i < 10; i++) {
      wall += 1;
      pacer.catchUp();
    }
    expect(cloud.now() - t0).toBe(5);
  });

  it('refuses a speed of zero', () => {
    expect(() => new Pacer(createCloud(), { speed: 0 })).toThrow(/above 0/);
  });
});

describe('jumpToWallClock', () => {
  it('sets the virtual clock to the real date and never back', () => {
    const cloud = createCloud();
    const wall = EPOCH_MS + 10 * 86_400_000;
    expect(jumpToWallClock(cloud, wall)).toBeGreaterThan(0);
    expect(cloud.now()).toBe(10 * 86_400_000);
    expect(jumpToWallClock(cloud, EPOCH_MS)).toBe(0);
    expect(cloud.now()).toBe(10 * 86_400_000);
  });
});
