# Las palabras que el tema integrado de kintsugi muestra a sus lectores, en español.
# Traducido de en.ftl; un sitio puede reemplazar cualquiera de ellas con su propio i18n/es.ftl.

## Todas las páginas
# El nombre del idioma en ese idioma, en el selector de idioma de un sitio multilingüe.
language-name = Español
nav-languages = Idiomas
skip-link = Saltar al contenido
footer-disclaimer = Contenido educativo; no es terapia ni consejo médico. Si estás en peligro, llama al número local de emergencias.
nav-main = Menú principal
nav-references = Referencias
tags-label = Etiquetas
heading-anchor = Enlace a esta sección

## Los pasos del programa
progress-label = Pasos del programa
# Antes del título de un paso, para lectores de pantalla («Paso 2: Pide perdón»).
step-prefix = Paso { $step }:
step-number = Paso { $step }
step-of = Paso { $step } de { $total }
program-title = El programa de un vistazo

## Dentro de una página
toc-title = En esta página
page-references = Referencias
reference-index-link = En el índice de referencias
prev-next-label = Página anterior y siguiente
prev = Anterior
next = Siguiente

## Recuadros (> [!NOTE] y los demás)
callout-note = Nota
callout-tip = Consejo
callout-important = Importante
callout-warning = Advertencia
callout-caution = Precaución

## Guías y hojas de trabajo
guide-worksheet-link = Abrir la hoja de trabajo de este paso
worksheet-box-label = Hoja de trabajo
worksheet-box-title = Practica este paso
guide-breadcrumb = Guía: { $title }
back-to-guide = Volver a la guía: { $title }
read-guide = Leer la guía
worksheet-privacy = Todo lo que escribas aquí se queda en este navegador, en este dispositivo; nunca se envía a ninguna parte.
worksheet-print = Imprimir
worksheet-erase = Borrar mis respuestas
worksheet-erase-question = ¿Borrar de este dispositivo todas las respuestas de esta hoja de trabajo?
worksheet-erased = Tus respuestas se han borrado.
# La etiqueta de una celda de tabla para lectores de pantalla: el encabezado de su columna y su fila.
worksheet-cell = { $column }, fila { $row }
# Un enlace al archivo PDF de una hoja de trabajo; $paper es A4 o Letter.
pdf-link = PDF, { $paper }
# El pie de las páginas del PDF de una hoja de trabajo.
pdf-page-of = Página { $page } de { $total }
# El título del PDF con todas las hojas de trabajo, con y sin el título del sitio.
pdf-site-worksheets = { $site }: hojas de trabajo
pdf-all-worksheets = Hojas de trabajo

## El índice de referencias
references-title = Referencias
references-lede = Todas las obras que cita este sitio, con enlaces a cada lugar donde se citan.
references-description = Todas las obras citadas en { $site }, con enlaces a los lugares donde se citan.
cited-in = Citado en:
# Un enlace a una de las citas de una obra en una página, marcadas con las letras a, b, c…
backref-label = { $title }: cita { $letter }

## La edición para imprimir
print-link = Toda la guía en una sola página, para imprimir o guardar como libro en PDF
print-contents = Índice
print-lede = Todas las páginas de esta guía en orden de lectura, con sus referencias y hojas de trabajo, listas para imprimir. También puedes descargarla como libro:
print-pdf-link = Libro en PDF, { $paper }

## Etiquetas
tags-title = Etiquetas
tags-lede = Todas las etiquetas de este sitio, con el número de páginas que tiene cada una.
tags-description = Todas las etiquetas de { $site }, con sus páginas.
tag-title = Etiqueta «{ $tag }»
tag-description = Las páginas de { $site } con la etiqueta «{ $tag }».
tag-lede =
    { $count ->
        [one] Hay una página con esta etiqueta.
       *[other] Hay { $count } páginas con esta etiqueta.
    }
tag-count =
    { $count ->
        [one] { $count } página
       *[other] { $count } páginas
    }
all-tags = Todas las etiquetas

## Página no encontrada (404)
not-found-title = Página no encontrada
not-found-text = Lo sentimos, no hay ninguna página en esta dirección. Puede que se haya movido.
not-found-home = Ir a la página de inicio
not-found-start = O empieza por el primer paso:
