import { describe, expect, it } from 'vitest';
import { compileCelValidator } from '../src/index.js';

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        size: {
          type: 'integer',
          'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'size is immutable' }],
        },
        tier: {
          type: 'string',
          'x-kubernetes-validations': [
            {
              rule: "!oldSelf.hasValue() || oldSelf.value() != 'gold' || self == 'gold'",
              optionalOldSelf: true,
              message: 'gold stays gold',
            },
          ],
        },
        name: {
          type: 'string',
          'x-kubernetes-validations': [{ rule: 'self.startsWith("a")', message: 'name starts with a' }],
        },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              number: {
                type: 'integer',
                'x-kubernetes-validations': [{ rule: 'self >= oldSelf', message: 'a port number never decreases' }],
              },
            },
          },
        },
      },
    },
  },
};
const cel = compileCelValidator(schema);
const obj = (spec: Record<string, unknown>) => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w' },
  spec,
});

describe('CEL on update (transition rules and ratcheting)', () => {
  it('skips transition rules on create, runs them with the old object on update', () => {
    expect(cel.validate(obj({ size: 2 }))).toEqual([]);
    expect(cel.validate(obj({ size: 2 }), obj({ size: 1 }))).toEqual([
      {
        path: '/spec/size',
        message: 'size is immutable',
        reason: 'FieldValueInvalid',
        rule: 'self == oldSelf',
        kind: 'violation',
      },
    ]);
    expect(cel.validate(obj({ size: 1 }), obj({ size: 1 }))).toEqual([]);
  });

  it('gives optionalOldSelf rules an optional: none on create, the old value on update', () => {
    expect(cel.validate(obj({ tier: 'silver' }))).toEqual([]);
    expect(cel.validate(obj({ tier: 'silver' }), obj({ tier: 'gold' })).map((v) => v.message)).toEqual([
      'gold stays gold',
    ]);
  });

  it('correlates map-list items by their keys, not their positions', () => {
    const before = obj({
      ports: [
        { name: 'http', number: 80 },
        { name: 'grpc', number: 9000 },
      ],
    });
    expect(
      cel.validate(
        obj({
          ports: [
            { name: 'grpc', number: 9000 },
            { name: 'http', number: 80 },
          ],
        }),
        before,
      ),
    ).toEqual([]);
    expect(
      cel.validate(obj({ ports: [{ name: 'grpc', number: 8999 }] }), before).map((v) => `${v.path} ${v.message}`),
    ).toEqual(['/spec/ports/0/number a port number never decreases']);
  });

  it('does not enforce again a rule on a value the update did not change (ratcheting)', () => {
    expect(cel.validate(obj({ name: 'bad' })).map((v) => v.message)).toEqual(['name starts with a']);
    expect(cel.validate(obj({ name: 'bad' }), obj({ name: 'bad' }))).toEqual([]);
    expect(cel.validate(obj({ name: 'worse' }), obj({ name: 'bad' })).map((v) => v.message)).toEqual([
      'name starts with a',
    ]);
  });
});
