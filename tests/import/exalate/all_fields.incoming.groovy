if (firstSync) {
  issue.projectKey = "DEV"
  issue.typeName   = nodeHelper.getIssueType(replica.type?.name, issue.projectKey)?.name ?: "Task"
}
issue.summary          = replica.summary
issue.description      = replica.description
issue.priority         = replica.priority
issue.resolution       = replica.resolution
issue.labels           = replica.labels
issue.components       = replica.components
issue.fixVersions      = replica.fixVersions
issue.affectedVersions = replica.affectedVersions
issue.assignee         = replica.assignee
issue.reporter         = replica.reporter
issue.due              = replica.due
issue.environment      = replica.environment
issue.parentId         = replica.parentId
commentHelper.mergeComments(issue, replica)
attachmentHelper.mergeAttachments(issue, replica)
