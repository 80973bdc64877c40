import type { IConstruct } from 'constructs';

/** One custom attribute key that a construct writes for one user. */
export interface AttributeWrite {
  readonly userName: string;
  readonly key: string;
}

/** A construct that writes custom attribute keys on users; governance policies inspect these. */
export interface IAttributeWriter extends IConstruct {
  /** Every (user, key) pair this construct writes. */
  attributeWrites(): Iterable<AttributeWrite>;
}

export function isAttributeWriter(construct: IConstruct): construct is IAttributeWriter {
  return typeof (construct as Partial<IAttributeWriter>).attributeWrites === 'function';
}
