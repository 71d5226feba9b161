import type { FastifyBaseLogger } from 'fastify'

// An Akismet-compatible client (https://akismet.com/developers/). Every call has a
// short timeout; a failure is an answer ('error'), never an exception, so a slow or
// broken service can only ever make a comment wait for a moderator.

export interface AkismetOptions { key: string, url: string, site: string, timeoutMs: number }

export interface AkismetComment {
  userIp?: string
  userAgent?: string
  referrer?: string
  permalink?: string
  authorName: string
  authorEmail: string
  authorUrl?: string | null
  body: string
}

export class Akismet {
  constructor (private readonly options: AkismetOptions, private readonly log: FastifyBaseLogger) {}

  #form (comment: AkismetComment): URLSearchParams {
    const form = new URLSearchParams({
      api_key: this.options.key,
      blog: this.options.site,
      comment_type: 'comment',
      comment_author: comment.authorName,
      comment_author_email: comment.authorEmail,
      comment_content: comment.body,
      user_ip: comment.userIp ?? ''
    })
    if (comment.authorUrl) form.set('comment_author_url', comment.authorUrl)
    if (comment.userAgent) form.set('user_agent', comment.userAgent)
    if (comment.referrer) form.set('referrer', comment.referrer)
    if (comment.permalink) form.set('permalink', comment.permalink)
    return form
  }

  async #post (method: string, comment: AkismetComment): Promise<{ body: string, headers: Headers } | null> {
    try {
      const res = await fetch(`${this.options.url}/1.1/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: this.#form(comment),
        signal: AbortSignal.timeout(this.options.timeoutMs)
      })
      const body = (await res.text()).trim()
      if (!res.ok) {
        this.log.warn({ akismet: method, status: res.status }, 'Akismet answered with an error status')
        return null
      }
      return { body, headers: res.headers }
    } catch (err) {
      this.log.warn({ akismet: method, reason: (err as Error).name }, 'Akismet did not answer')
      return null
    }
  }

  /** comment-check: 'spam', 'ham', or 'error' when the service failed, hung or answered oddly. */
  async check (comment: AkismetComment): Promise<'spam' | 'ham' | 'error'> {
    const answer = await this.#post('comment-check', comment)
    if (answer?.body === 'true') return 'spam'
    if (answer?.body === 'false') return 'ham'
    if (answer) this.log.warn({ akismet: 'comment-check', help: answer.headers.get('x-akismet-debug-help') }, 'Akismet gave no verdict')
    return 'error'
  }

  /** submit-spam / submit-ham: tells the service a moderator corrected its verdict. True when it took it. */
  async submit (kind: 'spam' | 'ham', comment: AkismetComment): Promise<boolean> {
    const answer = await this.#post(`submit-${kind}`, comment)
    return answer !== null
  }
}
