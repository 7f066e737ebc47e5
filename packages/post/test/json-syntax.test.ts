import { describe, expect, it } from 'vitest'
import { jsonSyntaxError } from '../src/index.js'

describe('jsonSyntaxError', () => {
  it('should find nothing wrong with JSON', () => {
    expect(jsonSyntaxError('{"a": [1, 2, {"b": null}]}')).toBeUndefined()
    expect(jsonSyntaxError('  "text"  ')).toBeUndefined()
  })

  it('should say what is wrong and where, in words that do not depend on the Node.js version', () => {
    expect(jsonSyntaxError('{\n  "a": 1,\n}')).toEqual({
      reason: 'a comma before a closing bracket (JSON allows no trailing comma)',
      offset: 10,
      line: 2,
      column: 9,
    })
    expect(jsonSyntaxError('[\n  1\n  2\n]')).toMatchObject({
      reason: '`,` was expected',
      line: 3,
      column: 3,
    })
    expect(jsonSyntaxError('{ name: 1 }')).toMatchObject({ line: 1, column: 3 })
    expect(jsonSyntaxError('{ name: 1 }')?.reason).toMatch(/double quotes/)
    expect(jsonSyntaxError('{"a": 1} // note')).toMatchObject({ reason: 'comments are not allowed in JSON' })
    expect(jsonSyntaxError('')).toMatchObject({ reason: 'a value was expected', line: 1, column: 1 })
  })

  it('should not overflow the stack on deep nesting', () => {
    expect(jsonSyntaxError('['.repeat(100_000))).toMatchObject({ line: 1 })
  })
})
