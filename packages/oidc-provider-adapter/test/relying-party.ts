import * as client from 'openid-client';
import type { Route } from './user-agent.js';

export const REDIRECT_URI = 'http://127.0.0.1/cb';

/** openid-client configured for the test client `rp`, every request sent through `route`. */
export async function relyingParty(issuer: string, route: Route = (u) => u): Promise<client.Configuration> {
  const customFetch: client.CustomFetch = (url, options) => fetch(route(new URL(url)), options as RequestInit);
  const config = await client.discovery(new URL(issuer), 'rp', 'rp-secret-for-tests-only', undefined, {
    execute: [client.allowInsecureRequests],
    [client.customFetch]: customFetch,
  });
  config[client.customFetch] = customFetch;
  return config;
}

/** A PKCE authorization request: the URL to open and what the callback needs. */
export async function authorizationRequest(config: client.Configuration) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    prompt: 'consent',
  });
  return { url, verifier, state };
}

/** Redeems the code of a callback URL. */
export function redeem(
  config: client.Configuration,
  callback: URL,
  request: { verifier: string; state: string },
): Promise<client.TokenEndpointResponse & client.TokenEndpointResponseHelpers> {
  return client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state });
}

/** The error code of a rejected grant request (`invalid_grant`, …). */
export async function grantError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    return (e as { error?: string }).error ?? String(e);
  }
  return 'none: the request succeeded';
}

export { client };
