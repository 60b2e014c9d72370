// oidc-provider ships no type declarations; this is the one slice of it the adapter uses.
declare module 'oidc-provider' {
  export const errors: {
    InvalidGrant: new (detail?: string) => Error;
  };
}
