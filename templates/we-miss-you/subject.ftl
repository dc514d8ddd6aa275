<#assign name = ((lead.firstName)!"")?trim><#if name?has_content>${name}, what<#else>What</#if> would help you most right now?
