# As palavras que o tema integrado do kintsugi mostra aos leitores, em português.
# Traduzido de en.ftl; um site pode substituir qualquer uma delas pelo seu próprio i18n/pt.ftl.

## Todas as páginas
# O nome da língua nessa língua, no seletor de língua de um site multilíngue.
language-name = Português
nav-languages = Idiomas
skip-link = Ir para o conteúdo
footer-disclaimer = Conteúdo educativo; não é terapia nem aconselhamento médico. Se estiver em perigo, ligue para o número de emergência local.
nav-main = Menu principal
nav-references = Referências
tags-label = Etiquetas
heading-anchor = Link para esta parte da página

## Os passos do programa
progress-label = Passos do programa
# Antes do título de um passo, para leitores de ecrã ou de tela (“Passo 2: Pedir desculpa”).
step-prefix = Passo { $step }:
step-number = Passo { $step }
step-of = Passo { $step } de { $total }
program-title = Visão geral do programa

## Dentro de uma página
toc-title = Nesta página
page-references = Referências
reference-index-link = No índice de referências
prev-next-label = Anterior e seguinte
prev = Anterior
next = Seguinte

## Caixas de destaque (> [!NOTE] e as outras)
callout-note = Nota
callout-tip = Dica
callout-important = Importante
callout-warning = Aviso
callout-caution = Cuidado

## Guias e fichas de exercícios
guide-worksheet-link = Abrir a ficha de exercícios deste passo
worksheet-box-label = Ficha de exercícios
worksheet-box-title = Praticar este passo
guide-breadcrumb = Guia: { $title }
back-to-guide = Voltar ao guia: { $title }
read-guide = Ler o guia
worksheet-privacy = Tudo o que escrever aqui fica neste navegador, neste dispositivo; nunca é enviado para nenhum lugar.
worksheet-print = Imprimir
worksheet-erase = Apagar as minhas respostas
worksheet-erase-question = Apagar deste dispositivo todas as respostas desta ficha?
worksheet-erased = As suas respostas foram apagadas.
# O rótulo de uma célula de tabela para leitores de ecrã ou de tela: o cabeçalho da sua coluna e a sua linha.
worksheet-cell = { $column }, linha { $row }
# Um link para o PDF de uma ficha; $paper é A4 ou Letter.
pdf-link = PDF, { $paper }
# O rodapé das páginas do PDF de uma ficha.
pdf-page-of = Página { $page } de { $total }
# O título do PDF com todas as fichas, com e sem o título do site.
pdf-site-worksheets = { $site }: fichas de exercícios
pdf-all-worksheets = Fichas de exercícios

## O índice de referências
references-title = Referências
references-lede = Todas as obras citadas neste site, com links para cada lugar onde são citadas.
references-description = Todas as obras citadas em { $site }, com links para os lugares onde são citadas.
cited-in = Citado em:
# Um link de volta para uma das citações de uma obra numa página, marcadas com as letras a, b, c…
backref-label = { $title }: citação { $letter }

## A edição para imprimir
print-link = O guia inteiro numa só página, para imprimir ou guardar como livro em PDF
print-contents = Índice
print-lede = Todas as páginas deste guia pela ordem de leitura, com as referências e as fichas de exercícios, prontas a imprimir. Também pode descarregá-lo como livro:
print-pdf-link = Livro em PDF, { $paper }

## Etiquetas
tags-title = Etiquetas
tags-lede = Todas as etiquetas deste site, com o número de páginas que têm cada uma.
tags-description = Todas as etiquetas de { $site }, com as suas páginas.
tag-title = Etiqueta “{ $tag }”
tag-description = As páginas de { $site } com a etiqueta “{ $tag }”.
tag-lede =
    { $count ->
        [one] { $count } página tem esta etiqueta.
       *[other] { $count } páginas têm esta etiqueta.
    }
tag-count =
    { $count ->
        [one] { $count } página
       *[other] { $count } páginas
    }
all-tags = Todas as etiquetas

## Página não encontrada (404)
not-found-title = Página não encontrada
not-found-text = Lamentamos, não há nenhuma página neste endereço. Pode ter sido movida.
not-found-home = Ir para a página inicial
not-found-start = Ou comece pelo primeiro passo:
