import { describe, expect, it } from 'vitest';
import { createFakeServices } from '../support/fake-services.js';
import { fits, keys, renderTutor } from '../support/render-tutor.js';

describe('the playgrounds list', () => {
  it('lists the five playgrounds, all built', async () => {
    const tutor = renderTutor({ route: { screen: 'playgrounds' } });
    const frame = await tutor.waitFor('Playgrounds');
    expect(frame).toContain('› 1 Partitioning');
    expect(frame).toContain('  2 Replication, ISR, acks');
    expect(frame).toContain('  3 KRaft failover');
    expect(frame).toContain('  5 The message flow');
    // Each summary is shown whole, wrapped under its title, not cut at the edge.
    expect(frame).not.toContain('…');
    expect(fits(frame, 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('a playground not built yet says why', async () => {
    const services = createFakeServices();
    const { Component: _built, ...kraft } = services.playgrounds.kraft;
    const playgrounds = { ...services.playgrounds, kraft: { ...kraft, unavailable: 'needs its simulator' } };
    const tutor = renderTutor({ services: { ...services, playgrounds }, route: { screen: 'playgrounds' } });
    expect(await tutor.waitFor('Playgrounds')).toMatch(/3 KRaft failover\n +\(needs its simulator\)/);
    await tutor.press('3');
    expect(await tutor.waitFor('Not available yet')).toContain('needs its simulator');
    tutor.unmount();
  });

  it('↑↓ choose and Enter opens the chosen playground', async () => {
    const tutor = renderTutor({ route: { screen: 'playgrounds' } });
    await tutor.waitFor('Playgrounds');
    await tutor.press(keys.down, keys.down, keys.down, keys.up);
    expect(tutor.frame()).toContain('› 3 KRaft failover');
    await tutor.press(keys.enter);
    await tutor.waitFor('Playground: KRaft failover');
    tutor.unmount();
  });

  it('1-5 open each playground and Esc comes back', async () => {
    const tutor = renderTutor({ route: { screen: 'playgrounds' } });
    const titles = ['Playground: partitioning', 'Playground: replication', 'Playground: KRaft failover', 'Playground: consumer groups', 'Playground: message flow'];
    for (const [index, title] of titles.entries()) {
      await tutor.press(String(index + 1));
      await tutor.waitFor(title);
      await tutor.press(keys.escape);
      await tutor.waitFor('Lab 02 · Playgrounds');
    }
    await tutor.press('9');
    expect(tutor.frame()).toContain('Lab 02 · Playgrounds');
    tutor.unmount();
  });
});
