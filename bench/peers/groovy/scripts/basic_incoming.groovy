// examples/presets/basic.sync (`use basic`), incoming: new issues land in project DEV, a type
// this side lacks becomes a Task (tests/lang/lowering/basic.handwritten).
if (firstSync) {
  issue.projectKey = "DEV"
}
issue.summary     = replica.summary
issue.description = replica.description
issue.comments    = commentHelper.mergeComments(issue, replica)
issue.attachments = attachmentHelper.mergeAttachments(issue, replica)
if (firstSync) {
  issue.typeName = nodeHelper.getIssueType(replica.type?.name)?.name ?: "Task"
}
