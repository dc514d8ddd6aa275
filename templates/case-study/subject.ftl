<#assign industry = ((lead.industry)!"")?trim>How a team <#if industry?has_content>in ${industry} </#if>made sales trust its lead score
