import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import ipaddr from 'ipaddr.js'
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent'

// Server-side request forgery: a webhook URL is the one place where a caller makes
// this server connect somewhere. request-filtering-agent refuses, at connect time, every
// address that is not public unicast (loopback, private, link-local, CGNAT, multicast,
// IPv4-mapped IPv6, ...), so a host name that resolves somewhere else at delivery
// (DNS rebinding) is caught too. The same check runs when a subscription is made, to
// answer with a 400 instead of a failed delivery later. WEBHOOK_ALLOWED_HOSTS lifts the
// private-address rule for named hosts; cloud metadata stays refused whatever it says.

const metadataAddresses = ['169.254.169.254', 'fd00:ec2::254'].map(a => ipaddr.parse(a).toNormalizedString())

function isMetadata (address: string): boolean {
  // process() turns ::ffff:169.254.169.254 into its IPv4 form first.
  return metadataAddresses.includes(ipaddr.process(address).toNormalizedString())
}

function isPublicUnicast (address: string): boolean {
  return ipaddr.parse(address).range() === 'unicast'
}

export class TargetRefused extends Error {}

export class WebhookTargets {
  readonly #allowed: Set<string>
  readonly #agents: { http: RequestFilteringHttpAgent, https: RequestFilteringHttpsAgent }
  readonly #allowedAgents: { http: RequestFilteringHttpAgent, https: RequestFilteringHttpsAgent }

  constructor (allowedHosts: readonly string[]) {
    this.#allowed = new Set(allowedHosts)
    // The metadata guard runs inside the lookup, so it holds for each connection's own
    // resolution, not a lookup made a moment before it.
    const guarded = { lookup: guardedLookup, keepAlive: false }
    this.#agents = { http: new RequestFilteringHttpAgent(guarded), https: new RequestFilteringHttpsAgent(guarded) }
    const allowed = { ...guarded, allowPrivateIPAddress: true, denyIPAddressList: ['169.254.169.254', 'fd00:ec2::254'] }
    this.#allowedAgents = { http: new RequestFilteringHttpAgent(allowed), https: new RequestFilteringHttpsAgent(allowed) }
  }

  #hostOf (url: URL): string {
    return url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  }

  /** Throws TargetRefused naming why, when the URL may not be called. */
  async check (raw: string): Promise<void> {
    let url: URL
    try { url = new URL(raw) } catch { throw new TargetRefused('is not a URL') }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetRefused('must be http or https')
    if (url.username || url.password) throw new TargetRefused('must not carry credentials')
    const host = this.#hostOf(url)
    let addresses: string[]
    if (isIP(host)) {
      addresses = [host]
    } else {
      try {
        addresses = (await lookup(host, { all: true, verbatim: true })).map(a => a.address)
      } catch {
        throw new TargetRefused(`names a host that does not resolve (${host})`)
      }
    }
    const allowed = this.#allowed.has(host)
    for (const address of addresses) {
      if (isMetadata(address)) throw new TargetRefused('points at a cloud metadata address')
      if (!allowed && !isPublicUnicast(address)) throw new TargetRefused(`points at a non-public address (${address}); WEBHOOK_ALLOWED_HOSTS can allow a named host`)
    }
  }

  /** The agent that makes the connection, re-checking each address it connects to. */
  agentFor (raw: string): RequestFilteringHttpAgent | RequestFilteringHttpsAgent {
    const url = new URL(raw)
    const agents = this.#allowed.has(this.#hostOf(url)) ? this.#allowedAgents : this.#agents
    return url.protocol === 'https:' ? agents.https : agents.http
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

function guardedLookup (hostname: string, options: object, callback: LookupCallback): void {
  dnsLookup(hostname, options, ((error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => {
    if (error) return callback(error, address, family)
    const list = Array.isArray(address) ? address.map(a => a.address) : [address]
    if (list.some(isMetadata)) return callback(new TargetRefused(`${hostname} resolves to a cloud metadata address`), address, family)
    callback(null, address, family)
  }) as never)
}
