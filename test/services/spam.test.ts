import t from 'tap'
import { builtInCheck, countLinks, parseSpamCheck } from '../../src/services/spam.js'

const rules = { maxLinks: 2, blocklist: ['casino'] }

t.test('links are counted as URLs, www. names and anchor tags', async t => {
  t.equal(countLinks('none here'), 0)
  t.equal(countLinks('http://a.example https://b.example www.c.example <a href=x>'), 4)
})

t.test('the worst rule wins and every rule that fired is a reason', async t => {
  t.same(builtInCheck({ name: 'Ada', body: 'Fine.' }, rules), { verdict: 'pass', reasons: [] })
  t.same(builtInCheck({ name: 'Ada', body: 'Fine.', honeypot: '   ' }, rules), { verdict: 'pass', reasons: [] }, 'a blank honeypot is empty')
  t.same(builtInCheck({ name: 'Ada', body: 'http://a http://b http://c' }, rules), { verdict: 'hold', reasons: ['too many links (3, at most 2)'] })
  t.same(builtInCheck({ name: 'Ada', body: 'http://a http://b http://c', website: 'https://casino.example', honeypot: 'x' }, rules), {
    verdict: 'spam', reasons: ['honeypot field filled in', 'blocklisted word "casino"', 'too many links (3, at most 2)']
  })
})

t.test('a stored verdict reads back, and a broken one reads as none', async t => {
  t.same(parseSpamCheck('{"verdict":"hold","reasons":["x"],"akismet":"error"}'), { verdict: 'hold', reasons: ['x'], akismet: 'error' })
  t.equal(parseSpamCheck(null), null)
  t.equal(parseSpamCheck('not json'), null)
})

t.test('the blocklist matches whole words and phrases only', async t => {
  const check = (body: string) => builtInCheck({ name: 'Reader', body }, { maxLinks: 2, blocklist: ['ass', 'cheap pills'] }).verdict
  t.equal(check('Assad met Putin and Rouhani in Tehran.'), 'pass')
  t.equal(check('A first-class summit.'), 'pass')
  t.equal(check('What an ass.'), 'spam')
  t.equal(check('ASS!'), 'spam')
  t.equal(check('Buy cheap   pills now'), 'spam')
  t.equal(check('cheap pillsbury'), 'pass')
})
