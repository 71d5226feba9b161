import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import ts from 'typescript'

// No module of src/ may import itself back at run time: in ESM a cycle hands one of
// its modules a binding before it is initialised, which fails (or worse, reads
// undefined) depending on which file happens to load first. Type-only imports are
// erased by the compiler and cannot form such a cycle, so they are not counted.

const src = fileURLToPath(new URL('../src/', import.meta.url))

function sourceFiles (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : []
  })
}

/** The src files a module imports at run time (static imports and re-exports that keep a value). */
function runtimeImports (file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  const found: string[] = []
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && clause.namedBindings !== undefined &&
        ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every(e => e.isTypeOnly)))
      if (!typeOnly) specifier = statement.moduleSpecifier
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      specifier = statement.moduleSpecifier
    }
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) {
      found.push(path.resolve(path.dirname(file), specifier.text.replace(/\.js$/, '.ts')))
    }
  }
  return found
}

/** Each cycle found by a depth-first walk, as the list of files around it. */
function cycles (graph: Map<string, string[]>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (file: string) => {
    state.set(file, 'open')
    stack.push(file)
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of graph.keys()) if (!state.has(file)) visit(file)
  return found
}

t.test('the cycle finder finds a cycle, and ignores type-only imports', async t => {
  const a = path.join(src, 'a.ts')
  const b = path.join(src, 'b.ts')
  t.same(runtimeImports(a, "import { x } from './b.js'\nimport type { Y } from './c.js'\nimport { type Z } from './d.js'\nexport { w } from './e.js'"),
    [b, path.join(src, 'e.ts')])
  t.same(cycles(new Map([[a, [b]], [b, [a]]])), [[a, b, a]])
  t.same(cycles(new Map([[a, [b]], [b, []]])), [])
})

t.test('src has no import cycle at run time', async t => {
  const files = sourceFiles(src)
  t.ok(files.length > 50, `read ${files.length} files`)
  const graph = new Map(files.map(file => [file, runtimeImports(file, readFileSync(file, 'utf8'))]))
  const found = cycles(graph).map(cycle => cycle.map(file => path.relative(src, file)).join(' -> '))
  t.same(found, [], 'no cycles')
})
