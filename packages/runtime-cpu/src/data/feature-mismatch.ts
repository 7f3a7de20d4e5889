/**
 * What nnc says when a data set has another number of features than the model takes, the same
 * from `nnc train`, `evaluate`, `predict` and the playground:
 * `data.csv has 4 features (a, b, c, d), model 'planar' takes 2`.
 */

export interface FeatureTaker {
  readonly name: string;
  readonly inputSize: number;
}

export function featureMismatch(file: string, nx: number, names: readonly string[], model: FeatureTaker): string {
  return `${file} has ${nx} feature${nx === 1 ? '' : 's'} (${abbreviate(names)}), model '${model.name}' takes ${model.inputSize}`;
}

/**
 * The loaders' checkFeatures (dataset.ts FeatureCheck) for `model`: the message above, or null
 * when the counts agree, so that a data set of another shape is named as such before anything
 * about its rows or labels.
 */
export function featureCheck(file: string, model: FeatureTaker): (nx: number, names: readonly string[]) => string | null {
  return (nx, names) => (nx === model.inputSize ? null : featureMismatch(file, nx, names, model));
}

/** Names as a short list: all of them up to six, else the first three, '...' and the last. */
function abbreviate(names: readonly string[]): string {
  return names.length <= 6 ? names.join(', ') : `${names.slice(0, 3).join(', ')}, ..., ${names[names.length - 1]}`;
}
