import { createRequire } from 'node:module';
import Ajv from 'ajv-draft-04';

const require = createRequire(import.meta.url);
/** Jupyter's nbformat v4 JSON Schema (draft-04), as published in the `nbschema` package. */
const schema = require('nbschema/v4/nbformat.v4.schema.json');
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/**
 * Server command `validate-notebook` (from a test: executeServerCommand('validate-notebook', text)):
 * parses the text a page downloaded as `.ipynb` and checks it against nbformat's JSON Schema;
 * resolves with the schema's complaints (an empty list for a valid notebook).
 */
export const notebookSchemaPlugin = {
  name: 'notebook-schema',
  executeCommand({ command, payload }) {
    if (command !== 'validate-notebook') return undefined;
    let notebook;
    try {
      notebook = JSON.parse(payload);
    } catch (error) {
      return [`not JSON: ${error.message}`];
    }
    return validate(notebook) ? [] : validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`);
  },
};
