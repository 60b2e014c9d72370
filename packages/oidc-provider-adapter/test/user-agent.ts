/** Rewrites a URL of the issuer to the provider process that should serve it (a load balancer). */
export type Route = (url: URL) => URL;

/**
 * The smallest browser the flows need: a cookie jar, manual redirects, and posting the hidden
 * fields of a page's form. Every request goes through `route`.
 */
export class UserAgent {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly route: Route = (u) => u) {}

  /** Follows redirects from `url` until one leads to a URL starting with `stopAt`; returns that URL. */
  async navigate(url: string, stopAt: string): Promise<URL> {
    let next = new URL(url);
    let init: RequestInit | undefined;
    for (let hops = 0; hops < 20; hops++) {
      if (next.href.startsWith(stopAt)) return next;
      const res = await this.request(next, init);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) {
        throw new Error(`${next.pathname} answered ${res.status} instead of redirecting: ${(await res.text()).slice(0, 300)}`);
      }
      await res.arrayBuffer();
      next = new URL(location, next);
      init = undefined;
    }
    throw new Error(`more than 20 redirects from ${url}`);
  }

  /** GETs a page and returns its HTML. */
  async page(url: string): Promise<{ url: URL; html: string }> {
    return this.landOn(new URL(url), await this.request(new URL(url)));
  }

  /** Follows the redirects of a response (of a request to `from`) to the page they end on. */
  async landOn(from: URL, response: Response): Promise<{ url: URL; html: string }> {
    let [url, res] = [from, response];
    for (let hops = 0; hops < 20; hops++) {
      const location = res.headers.get('location');
      if (res.status === 200) return { url, html: await res.text() };
      if (res.status < 300 || res.status >= 400 || !location) {
        throw new Error(`${url.pathname} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      }
      await res.arrayBuffer();
      url = new URL(location, url);
      res = await this.request(url);
    }
    throw new Error(`more than 20 redirects from ${from.href}`);
  }

  /**
   * Submits the first form of `html` (its inputs with their values, plus `fields`) and returns the
   * response: a page, or a redirect for {@link navigate}.
   */
  async submit(from: URL, html: string, fields: Record<string, string> = {}): Promise<Response> {
    const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
    if (!form) throw new Error(`no form in: ${html.slice(0, 300)}`);
    const body = new URLSearchParams();
    for (const input of (form[2] as string).matchAll(/<input([^>]*)>/gi)) {
      const name = /name="([^"]*)"/.exec(input[1] as string)?.[1];
      const value = /value="([^"]*)"/.exec(input[1] as string)?.[1];
      if (name && value !== undefined) body.set(name, value);
    }
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    return this.request(new URL(form[1] as string, from), {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  private async request(url: URL, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.route(url), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}), accept: 'text/html' },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || pair.slice(eq + 1) === '') this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1));
    }
    return res;
  }
}
