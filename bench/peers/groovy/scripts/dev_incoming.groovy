// examples/outsourced_qa/dev.sync, incoming: QA's bugs arrive as bugs in DEV.
if (firstSync) {
  issue.projectKey = "DEV"
  issue.typeName   = "Bug"
  issue.labels     = [nodeHelper.getLabel("from-qa")]
}
issue.summary     = replica.summary
issue.description = "${replica.description ?: ""}\n\n_Found by QA as ${replica.key}, reported by ${replica.reporter?.displayName ?: "QA"}._"
issue.priority    = nodeHelper.getPriority(replica.priority?.name ?: "Medium")
issue.comments    = commentHelper.mergeComments(issue, replica)
issue.attachments = attachmentHelper.mergeAttachments(issue, replica)
