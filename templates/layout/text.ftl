<#--
  Shared layout of every plain-text email part (no escaping: this is plain text).

  Usage in templates/<email>/text.ftl:
    <#import "/layout/text.ftl" as layout>
    <@layout.email title="Subject line">
    ${layout.greeting()}

    Some text.
    </@layout.email>

  Write body lines without indentation: plain text keeps every space. Lines holding only FTL tags vanish.
  The unsubscribe line in the footer appears only when links.unsubscribe exists, that is in marketing emails.
  The frame speaks German when the email's language is German (text_de.ftl), else English.
-->
<#-- The words of the frame in the email's language (German for .lang "de", else English). -->
<#assign german = .lang == "de">

<#-- "Hi Ada," / "Hallo Ada," when the first name is known, else "Hello," / "Guten Tag,". -->
<#function greeting>
  <#local name = ((lead.firstName)!"")?trim>
  <#if german>
    <#return name?has_content?then("Hallo " + name + ",", "Guten Tag,")>
  </#if>
  <#return name?has_content?then("Hi " + name + ",", "Hello,")>
</#function>

<#-- An address on the sender's website, e.g. page("/guides/lead-scoring"). -->
<#function page path>
  <#return sender.website?remove_ending("/") + path>
</#function>

<#-- The website without scheme, for display: "northwind.example". -->
<#function websiteName>
  <#return sender.website?remove_beginning("https://")?remove_beginning("http://")?remove_ending("/")>
</#function>

<#-- title and preheader are accepted so that text and HTML templates call the layout alike; plain text shows neither. -->
<#macro email title preheader="">
${sender.name}

<#nested>

-----
${sender.company}
${sender.address}
${sender.website}
<#if (links.unsubscribe)??>

<#if german>
Sie erhalten diese E-Mail, weil Sie sich auf ${websiteName()} angemeldet haben.
Abmelden: ${links.unsubscribe}
<#else>
You receive this email because you signed up at ${websiteName()}.
Unsubscribe: ${links.unsubscribe}
</#if>
</#if>
</#macro>
