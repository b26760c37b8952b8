import { InvalidArgumentError, Option } from "commander";
import { didYouMean } from "../did-you-mean.js";

/** An option that takes one of a few values; a wrong one is refused with the value received and the nearest choice. */
export function choiceOption(flags: string, description: string, choices: readonly string[]): Option {
  return new Option(flags, description).choices(choices).argParser((value: string) => {
    if (choices.includes(value)) return value;
    throw new InvalidArgumentError(`"${value}" is not one of ${choices.join(", ")}${didYouMean(value, choices)}`);
  });
}
