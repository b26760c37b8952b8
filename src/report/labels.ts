import type { Outcome } from "../model/report.js";
import type { Severity, Strength } from "../rules/schema.js";
import type { Lang } from "../model/report.js";

/**
 * Words every human-readable format uses, in both languages. A finding is a shortfall against
 * a statute or a policy, not a program error: Chinese text never calls it 错误 (RULES.md,
 * "Wording of messages").
 */
export const severityLabel: Record<Lang, Record<Severity, string>> = {
  zh: { error: "严重", warning: "警告", info: "提示" },
  en: { error: "error", warning: "warning", info: "info" },
};

export const outcomeLabel: Record<Lang, Record<Outcome, string>> = {
  zh: { pass: "通过", fail: "不符合", "not-applicable": "不适用", incomplete: "数据不全", waived: "已豁免", computed: "计算" },
  en: { pass: "passed", fail: "failed", "not-applicable": "not applicable", incomplete: "incomplete", waived: "waived", computed: "computed" },
};

export const subjectLabel: Record<Lang, Record<"project" | "building" | "enterprise" | "portfolio", string>> = {
  zh: { project: "项目", building: "单体建筑", enterprise: "企业", portfolio: "汇总" },
  en: { project: "project", building: "building", enterprise: "enterprise", portfolio: "portfolio" },
};

export const strengthLabel: Record<Lang, Record<Strength, string>> = {
  zh: { mandatory: "强制性", "in-principle": "原则性", encouraged: "鼓励性", computed: "计算" },
  en: { mandatory: "mandatory", "in-principle": "in-principle", encouraged: "encouraged", computed: "computed" },
};

/** The strengths a rule's results can have, as one label: 强制性/鼓励性 for a rule whose strength follows a branch. */
export function strengthsText(strengths: readonly Strength[], lang: Lang): string {
  return strengths.map((strength) => strengthLabel[lang][strength]).join("/");
}
