/** `plugins` and `preset`: what the engine installs. */
import { Type } from 'typebox';

export const PluginsSchema = Type.Array(
  Type.Union([
    Type.String({ minLength: 1 }),
    Type.Tuple([Type.String({ minLength: 1 }), Type.Record(Type.String(), Type.Unknown())]),
  ]),
  { description: 'Plugins: a module path or package name, or `[name, options]`.' },
);

export const PresetSchema = Type.String({ minLength: 1, description: 'A preset (plugins plus defaults), e.g. `rails`.' });
