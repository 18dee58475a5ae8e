/**
 * The campaign list carries the server's day (issue 18, the first screen): the web app judges
 * which campaigns are running, coming or finished on it, not on the browser's clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
beforeAll(async () => { t = await openTestApp(); });
afterAll(() => t?.close());

describe('GET /api/v1/campaigns', () => {
  it("answers with the campaigns' dates and the server's day in Hà Nội", async () => {
    const session = await t.signIn('p1.baocao');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/campaigns', headers: session.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // The test clock: 03/07/2023 03:00 UTC, 10:00 in Hà Nội.
    expect(body.today).toEqual({ iso: '2023-07-03', text: '03/07/2023' });
    expect(body.campaigns).toEqual([expect.objectContaining({
      code: t.world.campaign.code,
      startDate: { iso: '2023-06-05', text: '05/06/2023' },
      endDate: { iso: '2023-07-16', text: '16/07/2023' },
    })]);
  });

  it('is refused before sign-in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/campaigns' });
    expect(res.statusCode).toBe(401);
  });
});
