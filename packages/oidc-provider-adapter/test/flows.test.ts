import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { backendKinds, useBackend } from './backends.js';
import { ProviderCluster } from './providers.js';
import { authorizationRequest, client, grantError, REDIRECT_URI, redeem, relyingParty } from './relying-party.js';
import { type Route, UserAgent } from './user-agent.js';

// Real flows: oidc-provider processes with the adapter on each backend, driven over HTTP by
// openid-client (the relying party) and a minimal browser; login and consent are automatic.
describe.each(backendKinds())('oidc-provider flows on %s', (kind) => {
  let cluster: ProviderCluster;
  // Declared before useBackend's hooks so the providers stop before the storage is dropped.
  afterAll(async () => {
    await cluster?.stop();
  });
  const target = useBackend(kind);

  beforeAll(async () => {
    cluster = await ProviderCluster.create(target.backend, 2);
    await Promise.all([cluster.start(0), cluster.start(1)]);
  }, 600_000);

  /** A browser logs in through `route` and comes back with a code (not redeemed yet). */
  async function authorize(route: Route) {
    const rp = await relyingParty(cluster.issuer, route);
    const request = await authorizationRequest(rp);
    const callback = await new UserAgent(route).navigate(request.url.href, REDIRECT_URI);
    return { rp, request, callback };
  }
  const active = async (rp: client.Configuration, token: string) => (await client.tokenIntrospection(rp, token)).active;

  it('authorization code + PKCE to tokens; refresh rotates; reusing a rotated refresh token revokes the grant', async () => {
    const { rp, request, callback } = await authorize(cluster.to(0));
    const tokens = await redeem(rp, callback, request);
    expect(tokens.claims()?.sub).toBe('alice');
    expect(await active(rp, tokens.access_token)).toBe(true);
    // The session was found again by its uid when the interaction finished.
    expect((await target.oocd.children('/oidc/index/uid')).length).toBeGreaterThan(0);

    const rotated = await client.refreshTokenGrant(rp, tokens.refresh_token as string);
    expect(rotated.refresh_token).toBeDefined();
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    expect(await active(rp, rotated.access_token)).toBe(true);
    expect(await grantError(client.refreshTokenGrant(rp, tokens.refresh_token as string))).toBe('invalid_grant');
    expect(await active(rp, rotated.access_token)).toBe(false);
    expect(await grantError(client.refreshTokenGrant(rp, rotated.refresh_token as string))).toBe('invalid_grant');
  }, 600_000);

  it('a replayed code is invalid_grant and the tokens issued with it are revoked', async () => {
    const { rp, request, callback } = await authorize(cluster.to(0));
    const tokens = await redeem(rp, callback, request);
    expect(await active(rp, tokens.access_token)).toBe(true);
    expect(await grantError(redeem(rp, callback, request))).toBe('invalid_grant');
    expect(await active(rp, tokens.access_token)).toBe(false);
    expect(await grantError(client.refreshTokenGrant(rp, tokens.refresh_token as string))).toBe('invalid_grant');
  }, 600_000);

  it('device flow: the user code entered in the browser finds the device code', async () => {
    const rp = await relyingParty(cluster.issuer, cluster.to(0));
    const device = await client.initiateDeviceAuthorization(rp, { scope: 'openid' });
    const ua = new UserAgent(cluster.to(0));
    const input = await ua.page(device.verification_uri);
    const confirm = await ua.landOn(input.url, await ua.submit(input.url, input.html, { user_code: device.user_code }));
    expect(confirm.html).toContain('op.deviceConfirmForm');
    const done = await ua.landOn(confirm.url, await ua.submit(confirm.url, confirm.html));
    expect(done.html).toMatch(/Sign-in Success/i);
    const tokens = await client.genericGrantRequest(rp, 'urn:ietf:params:oauth:grant-type:device_code', {
      device_code: device.device_code,
    });
    expect(await active(rp, tokens.access_token)).toBe(true);
  }, 600_000);

  it('state survives a crash of the provider process between authorization and redemption', async () => {
    const { rp, request, callback } = await authorize(cluster.to(0));
    await cluster.crash(0);
    await cluster.start(0);
    const tokens = await redeem(rp, callback, request);
    expect(tokens.claims()?.sub).toBe('alice');
    const rotated = await client.refreshTokenGrant(rp, tokens.refresh_token as string);
    expect(await active(rp, rotated.access_token)).toBe(true);
  }, 600_000);

  it('two provider processes serve one issuer from the one backend; a code redeemed at both at once is granted once', async () => {
    // Every request of the browser and of the relying party goes to the next process in turn.
    const { rp, request, callback } = await authorize(cluster.roundRobin);
    const tokens = await redeem(rp, callback, request);
    const rotated = await client.refreshTokenGrant(rp, tokens.refresh_token as string);
    expect(await active(rp, rotated.access_token)).toBe(true);

    const second = await authorize(cluster.roundRobin);
    const [at0, at1] = await Promise.all([relyingParty(cluster.issuer, cluster.to(0)), relyingParty(cluster.issuer, cluster.to(1))]);
    const results = await Promise.allSettled([redeem(at0, second.callback, second.request), redeem(at1, second.callback, second.request)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as { error?: string }).error).toBe('invalid_grant');
  }, 600_000);
});
