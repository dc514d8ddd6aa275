<#-- Nurture email (marketing): a case study, with the lead's industry when it is known. One tracked call to action. -->
<#import "/layout/text.ftl" as layout>
<#assign industry = ((lead.industry)!"")?trim>
<#assign industryQuery = industry?has_content?then("?industry=" + industry?url("UTF-8"), "")>
<@layout.email title="How one team made sales trust its lead score">
${layout.greeting()}

Sales gave up on marketing's leads because too many of them were not ready. So one team sat down with its sales reps, agreed what a ready lead looks like and scored every lead against it.

Six months later sales received fewer leads, accepted far more of them, and told marketing why it returned the rest.

Read the case study:
${track(layout.page("/case-studies/lead-scoring" + industryQuery))}

Best regards,
${sender.name}
</@layout.email>
