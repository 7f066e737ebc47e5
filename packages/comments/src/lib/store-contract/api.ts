// The test functions the store contract runs on: the caller's test runner's (vitest's or Jest's), passed
// in, so that @blogkit/comments never loads a test runner itself.

/** A class, for `toBeInstanceOf` and `toThrow`. */
// biome-ignore lint/suspicious/noExplicitAny: any constructor, whatever its parameters.
type AnyClass = abstract new (...args: any[]) => unknown

/** The matchers the contract uses, as vitest's and Jest's `expect(value)` have them. */
export interface ContractMatchers<R> {
  toBe(expected: unknown): R
  toEqual(expected: unknown): R
  toMatchObject(expected: object): R
  toContain(expected: unknown): R
  toHaveLength(length: number): R
  toMatch(expected: string | RegExp): R
  toBeUndefined(): R
  toBeInstanceOf(expected: AnyClass): R
  toThrow(expected?: string | RegExp | AnyClass | Error): R
}

/** `expect(value)`. */
export interface ContractAssertion extends ContractMatchers<void> {
  not: ContractMatchers<void>
  rejects: ContractMatchers<Promise<void>>
  resolves: ContractMatchers<Promise<void>>
}

/** `expect`, as vitest and Jest export it. */
export interface ContractExpect {
  /** `message` names the case in a failure (vitest shows it; Jest ignores it). */
  (actual: unknown, message?: string): ContractAssertion
  /** An asymmetric matcher: any object with at least these properties. */
  objectContaining(expected: object): unknown
}

/** A test body. */
export type ContractTestFunction = () => Promise<void> | void

/**
 * The test functions of a runner: `import { afterEach, beforeEach, describe, expect, it } from 'vitest'`
 * (or Jest's globals).
 */
export interface StoreContractApi {
  describe(name: string, body: () => void): void
  it(name: string, body: ContractTestFunction, timeout?: number): void
  expect: ContractExpect
  beforeEach(body: ContractTestFunction): void
  afterEach(body: ContractTestFunction): void
}
