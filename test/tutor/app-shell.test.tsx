import { describe, expect, it } from 'vitest';
import { createTheme, colorWanted } from '../../src/tutor/theme/theme.js';
import { packKeyHints } from '../../src/tutor/components/key-hint.js';
import { fits, keys, renderTutor } from './support/render-tutor.js';

describe('the tutor shell', () => {
  it('opens on home with the lab title, the keys on screen, inside 80x24', async () => {
    const tutor = renderTutor();
    const frame = await tutor.waitFor('Learning objectives');
    expect(frame).toContain('Lab 02 · Home');
    expect(frame).toContain('q quit');
    expect(frame).toContain('? help');
    expect(fits(frame, 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('? opens the help with the screen keys and the global ones; ? or Esc closes it', async () => {
    const tutor = renderTutor();
    await tutor.waitFor('Home');
    await tutor.press('?');
    expect(tutor.frame()).toContain('Help: keys');
    expect(tutor.frame()).toContain('knowledge check');
    expect(tutor.frame()).toContain('Ctrl-C');
    await tutor.press('?');
    expect(tutor.frame()).not.toContain('Help: keys');
    await tutor.press('?', keys.escape);
    expect(tutor.frame()).not.toContain('Help: keys');
    expect(tutor.frame()).toContain('Learning objectives');
    tutor.unmount();
  });

  it('help explains the glyphs; on the KRaft playground it adds the Raft roles', async () => {
    const home = renderTutor();
    await home.waitFor('Home');
    await home.press('?');
    expect(home.frame().replaceAll('\u00a0', ' ')).toContain('★ leader');
    expect(home.frame()).not.toContain('Raft roles');
    home.unmount();
    const kraft = renderTutor({ route: { screen: 'playground', id: 'kraft' } });
    await kraft.waitFor('KRaft');
    await kraft.press('?');
    const help = kraft.frame().replaceAll('\u00a0', ' ').replace(/\s+/g, ' ');
    expect(help).toMatch(/Raft roles: ★ active controller · ☆ elected, not yet active · ● follower · ◆ candidate · ◇ prospective \(pre-vote\)/);
    kraft.unmount();
  });

  it('keys do not reach the screen while help is open', async () => {
    const tutor = renderTutor();
    await tutor.press('?', 'p');
    expect(tutor.frame()).toContain('Help: keys');
    await tutor.press(keys.escape);
    expect(tutor.frame()).toContain('Lab 02 · Home');
    tutor.unmount();
  });

  it('q leaves, and so does Ctrl-C', async () => {
    const first = renderTutor();
    await first.press('q');
    expect(first.quits).toBe(1);
    const second = renderTutor();
    await second.press(keys.ctrlC);
    expect(second.quits).toBe(1);
  });

  it('Esc goes back one screen, and stays on home at the bottom', async () => {
    const tutor = renderTutor();
    await tutor.press('p');
    expect(tutor.frame()).toContain('Lab 02 · Playgrounds');
    await tutor.press(keys.escape);
    expect(tutor.frame()).toContain('Lab 02 · Home');
    await tutor.press(keys.escape);
    expect(tutor.frame()).toContain('Lab 02 · Home');
    tutor.unmount();
  });

  it('redraws to the new size on resize', async () => {
    const tutor = renderTutor({ columns: 120, rows: 30 });
    await tutor.waitFor('Home');
    expect(tutor.frame().split('\n')[0]!.length).toBeGreaterThan(80);
    await tutor.resize(80, 24);
    expect(fits(tutor.frame(), 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('without colour the frame has no colour codes, and every state still has a glyph', async () => {
    const tutor = renderTutor({ color: false });
    const frame = await tutor.waitFor('Learning objectives');
    expect(frame).not.toMatch(/\u001b\[3\dm/);
    expect(frame).toContain('○');
    tutor.unmount();
  });

  it('NO_COLOR set and not empty turns colour off', () => {
    expect(colorWanted({ NO_COLOR: '1' })).toBe(false);
    expect(colorWanted({ NO_COLOR: '' })).toBe(true);
    expect(colorWanted({})).toBe(true);
    expect(createTheme(false).colorOf('passed')).toBeUndefined();
    expect(createTheme(true).colorOf('passed')).toBe('green');
  });

  it('key hints that do not fit are packed into the lines there are', () => {
    const hints = Array.from({ length: 20 }, (_, index) => ({ keys: `k${index}`, action: 'does something' }));
    const lines = packKeyHints(hints, 40, 2);
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.length <= 40)).toBe(true);
  });
});

describe('a screen that throws', () => {
  it('shows the error in place and Esc still goes back', async () => {
    const { createFakeServices } = await import('./support/fake-services.js');
    const { builtinPlaygrounds } = await import('../../src/tutor/playgrounds/builtin-playgrounds.js');
    const services = createFakeServices();
    const Broken = () => {
      throw new Error('the simulation hit its step limit (seed=7, t=12ms)');
    };
    const tutor = renderTutor({ services: { ...services, playgrounds: { ...builtinPlaygrounds, kraft: { ...builtinPlaygrounds.kraft, Component: Broken } } } });
    await tutor.press('p', '3');
    expect(await tutor.waitFor('This screen stopped')).toContain('step limit (seed=7, t=12ms)');
    await tutor.press(keys.escape);
    expect(tutor.frame()).toContain('Lab 02 · Playgrounds');
    tutor.unmount();
  });
});
