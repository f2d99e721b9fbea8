import { Transform } from 'class-transformer';

/** A query string's `true` / `false` as a boolean; anything else is left for @IsBoolean() to refuse (400). */
export const QueryBoolean = (): PropertyDecorator => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));
