// Types only: where a zod validator of electron/replies.ts and the TypeScript type it checks
// (contract.ts Responses, replies.ts Events) describe a reply differently. The two are kept by hand
// (a validator checks the fields it names and lets others pass; the type is what views program
// against), so a drift (a field renamed in one and not the other: RunDetail's stepIndex became zone
// while its validator still checked stepIndex) would otherwise pass silently. DriftOf names every
// place they part, as `verb.field: why`; electron/replies-drift.test.ts asserts there is none.
import type { z } from 'zod'

/** What is compared as a whole, not field by field. */
type Leaf = string | number | boolean | bigint | symbol | null | undefined | ArrayBufferView | ((...args: never[]) => unknown)

/** A validator's output type without the index signature looseObject adds (`[k: string]: unknown`),
 *  which lets a newer main's extra fields through and is no field of the reply. */
type Strip<T> = T extends Leaf
  ? T
  : T extends readonly unknown[]
    ? { [K in keyof T]: Strip<T[K]> }
    : T extends object
      ? { [K in keyof T as string extends K ? never : K]: Strip<T[K]> }
      : T

type IsUnknown<T> = unknown extends T ? ([keyof T] extends [never] ? true : false) : false
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false

type Arr<X> = Extract<X, readonly unknown[]>
type Obj<X> = Exclude<X, Leaf | readonly unknown[]>
type IsUnion<X, All = X> = X extends unknown ? ([All] extends [X] ? false : true) : never
/** The discriminant a union of objects is told apart by; never: one object, or no such field. */
type Tag<X> = true extends IsUnion<X> ? ('type' extends keyof X ? 'type' : 'kind' extends keyof X ? 'kind' : never) : never

/**
 * Every place where validator output S and reply type T part, each as `path: why`; never: none.
 * Both ways: a field one names and the other lacks, a field optional in one and required in the
 * other, and values one accepts that the other does not (leaves compared whole; arrays by their
 * items; objects field by field, a union of objects member by member by its `type` or `kind`).
 * A path in Except (`getRun.config`) is not compared at all: the exception list says why.
 */
export type Diff<S, T, P extends string, Except extends string = never> = P extends Except
  ? never
  : IsUnknown<S> extends true
    ? IsUnknown<T> extends true
      ? never
      : `${P}: the validator checks nothing of it (unknown) where the type says what it is`
    : Same<Extract<S, Leaf>, Extract<T, Leaf>> extends false
      ? `${P}: the validator and the type accept different values`
      : Same<[Arr<S>] extends [never] ? 0 : 1, [Arr<T>] extends [never] ? 0 : 1> extends false
        ? `${P}: a list in one, not in the other`
        : Same<[Obj<S>] extends [never] ? 0 : 1, [Obj<T>] extends [never] ? 0 : 1> extends false
          ? `${P}: an object in one, not in the other`
          : ([Arr<S>] extends [never] ? never : Diff<Arr<S>[number], Arr<T>[number], `${P}[]`, Except>) | ([Obj<S>] extends [never] ? never : Members<Obj<S>, Obj<T>, P, Except>)

/** A union of objects compared member by member, matched by the discriminant of T's members. */
type Members<S, T, P extends string, Except extends string, G extends PropertyKey = Tag<T>> = [G] extends [never]
  ? Fields<S, T, P, Except>
  : T extends unknown
    ? [Extract<S, Record<G, T[G & keyof T]>>] extends [never]
      ? `${P}<${T[G & keyof T] & string}>: no validator for this ${G & string}`
      : Fields<Extract<S, Record<G, T[G & keyof T]>>, T, `${P}<${T[G & keyof T] & string}>`, Except>
    : never

type OptionalKeys<X> = { [K in keyof X]-?: {} extends Pick<X, K> ? K : never }[keyof X]

type Fields<S, T, P extends string, Except extends string> =
  | { [K in Exclude<keyof S, keyof T> & string]: `${P}.${K}` extends Except ? never : `${P}.${K}: the validator checks a field the type lacks` }[Exclude<keyof S, keyof T> & string]
  | { [K in Exclude<keyof T, keyof S> & string]: `${P}.${K}` extends Except ? never : `${P}.${K}: the type has a field the validator does not check` }[Exclude<keyof T, keyof S> & string]
  | {
      [K in keyof S & keyof T & string]: `${P}.${K}` extends Except
        ? never
        : Same<K extends OptionalKeys<S> ? 1 : 0, K extends OptionalKeys<T> ? 1 : 0> extends false
          ? `${P}.${K}: optional in one, required in the other`
          : Diff<Exclude<S[K], undefined>, Exclude<T[K], undefined>, `${P}.${K}`, Except>
    }[keyof S & keyof T & string]

/** Every drift between each validator of `Schemas` and its type in `Types`, by key; never: none. */
export type DriftOf<Schemas extends { [K in keyof Types]: z.ZodType }, Types, Except extends string = never> = {
  [K in keyof Types & string]: Diff<Strip<z.output<Schemas[K]>>, Types[K], K, Except>
}[keyof Types & string]

/** Compiles only when T is never: `Assert<DriftOf<…>>` names each drift in its error. */
export type NoDrift<T extends never> = T
