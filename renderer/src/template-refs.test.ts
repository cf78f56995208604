// A template ref's name must not be a <script setup> binding that is not a ref. The production build
// compiles templates inline, and there `ref="view"` beside `const view = rowViews()` becomes a
// function ref: Vue calls view(element) on mount and view(null) on unmount, and
// useTemplateRef('view') stays null. Tests run the development compiler, which binds by name, so
// no view test can see it; this compiles every view as the build does and looks.
import { compileScript, parse } from '@vue/compiler-sfc'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname)
function* vueFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) yield* vueFiles(p)
    else if (name.endsWith('.vue')) yield p
  }
}

interface Node { type: number; props?: { type: number; name: string; value?: { content: string } }[]; children?: Node[] }
function staticRefs(node: Node, out: string[] = []): string[] {
  for (const p of node.props ?? []) if (p.type === 6 && p.name === 'ref' && p.value) out.push(p.value.content)
  for (const c of node.children ?? []) staticRefs(c, out)
  return out
}

/** The static template refs of one SFC that name a non-ref binding of its <script setup>. */
export function clashingRefs(file: string, source = readFileSync(file, 'utf8')): string[] {
  const { descriptor } = parse(source, { filename: file })
  if (!descriptor.scriptSetup || !descriptor.template?.ast) return []
  const { bindings = {} } = compileScript(descriptor, { id: 'x', inlineTemplate: true })
  return staticRefs(descriptor.template.ast as unknown as Node).filter((name) => name in bindings && bindings[name] !== 'setup-ref')
}

describe('template refs', () => {
  it('finds the clash the Runs view had (a const function named as a ref)', () => {
    const sfc = `<script setup lang="ts">
import { useTemplateRef } from 'vue'
const viewEl = useTemplateRef<HTMLElement>('view')
const view = (r: number) => r + 1
</script>
<template><div ref="view">{{ view(1) }}</div><p ref="free"></p></template>`
    expect(clashingRefs('Clash.vue', sfc)).toEqual(['view'])
  })

  it('no view names a template ref after a binding that is not a ref', () => {
    const clashes = [...vueFiles(root)].flatMap((f) => clashingRefs(f).map((name) => `${relative(root, f)}: ref="${name}"`))
    expect(clashes).toEqual([])
  })
})
